import { vi } from 'vitest';
import type { FakeView } from '../fakes/slack-api.js';
import type { SentRequest, SlackSender } from '../support/slack-signing.js';
import type { SlackBot } from './harness.js';
import { messageButtonClick, slashCommand, viewSelectAction, viewSubmission } from './payloads.js';
import { type SeenButton, SlackScreen } from './slack-screen.js';

type ElementState = Record<string, unknown>;
type ViewBlock = { type: string; block_id?: string; element?: { type: string; action_id: string } };

export interface ClickResult {
  status: number;
  /** The private answer the user got, if any. */
  answer?: string;
  /** The modal the click opened, if any. */
  modal?: FakeView;
}

/**
 * Plays people using Slack: types slash commands, picks in modals, submits them and clicks buttons,
 * all as signed HTTP requests to the bot, then waits for what the user would see next (a modal or a
 * private answer) and for the core to deliver its messages. `flush` is the core's outbox delivery.
 */
export class SlackDriver {
  readonly screen: SlackScreen;
  private n = 0;

  /**
   * `bot` may also be a bot process (only its fake Slack and a sender are used), or a bot in Socket
   * Mode (its sender delivers envelopes instead of signed requests); `waitMs` is how long
   * to wait for what the user sees next (a process under load answers slower than an in-process bot).
   */
  constructor(
    private readonly bot: Pick<SlackBot, 'fake'> & { send: Pick<SlackSender, 'command' | 'interaction'> },
    private readonly flush: () => Promise<void>,
    private readonly waitMs = 1000,
  ) {
    this.screen = new SlackScreen(bot.fake);
  }

  responseUrl(user: string): string {
    return this.bot.fake.responseUrl(`${user}:${++this.n}`);
  }

  async command(user: string, text: string, channel = 'C_RELEASES'): Promise<ClickResult> {
    const fields = slashCommand({ user, text, channel, responseUrl: this.responseUrl(user) });
    return this.answered(user, fields.trigger_id ?? '', () => this.bot.send.command(fields));
  }

  async chooseFlow(user: string, view: FakeView, flowId: string): Promise<FakeView> {
    const block = (view.view.blocks as ViewBlock[]).find((b) => b.element?.type === 'static_select');
    if (!block?.block_id || !block.element) throw new Error('the modal has no flow choice');
    const before = view.hash;
    await this.bot.send.interaction(
      viewSelectAction({
        user,
        view,
        blockId: block.block_id,
        actionId: block.element.action_id,
        value: flowId,
      }),
    );
    await vi.waitFor(
      () => {
        if (this.bot.fake.views.get(view.id)?.hash === before) throw new Error('modal not updated yet');
      },
      { timeout: this.waitMs },
    );
    return this.bot.fake.views.get(view.id)!;
  }

  /**
   * Submits a modal with values per field id, the way the Slack client fills `view.state.values`
   * for each input's element type. Returns the HTTP answer (inline errors or the next view).
   */
  async submit(
    user: string,
    view: FakeView,
    values: Record<string, unknown>,
  ): Promise<{ res: SentRequest; answer?: string }> {
    const before = this.screen.privateAnswers(user).length;
    const res = await this.bot.send.interaction(this.submissionPayload(user, view, values));
    if (res.status !== 200 || res.body !== '') return { res };
    await vi.waitFor(
      () => {
        if (this.screen.privateAnswers(user).length <= before) throw new Error('no answer yet');
      },
      { timeout: this.waitMs },
    );
    await this.flush();
    return { res, answer: this.screen.privateAnswers(user).at(-1) };
  }

  /** The view_submission payload of a modal submitted with values per field id. */
  submissionPayload(user: string, view: FakeView, values: Record<string, unknown>) {
    const state: Record<string, Record<string, ElementState>> = {};
    for (const block of view.view.blocks as ViewBlock[]) {
      if (block.type !== 'input' || !block.block_id || !block.element) continue;
      const v = values[block.block_id];
      state[block.block_id] = { [block.element.action_id]: elementState(block.element.type, v) };
    }
    return viewSubmission({ user, view, values: state });
  }

  /** The block_actions payload of one click (a new action_ts and trigger each time). */
  clickPayload(user: string, button: SeenButton): Record<string, unknown> {
    return messageButtonClick({
      user,
      channel: button.message.channel,
      messageTs: button.message.ts,
      button: { action_id: button.actionId, value: button.value },
      responseUrl: this.responseUrl(user),
      message: { text: button.message.text, blocks: button.message.blocks },
    });
  }

  async click(
    user: string,
    button: SeenButton,
    retry?: { num: number; reason: string },
  ): Promise<ClickResult> {
    return this.deliver(user, this.clickPayload(user, button), retry);
  }

  /** Delivers a click payload (again, for redeliveries), as Slack would with the retry headers. */
  async deliver(
    user: string,
    payload: Record<string, unknown>,
    retry?: { num: number; reason: string },
  ): Promise<ClickResult> {
    return this.answered(user, String(payload.trigger_id), () =>
      this.bot.send.interaction(payload, retry ? { retry } : {}),
    );
  }

  /** Clicks the user's newest matching DM button; fills and submits the modal if one opens. */
  async press(
    user: string,
    match: (b: SeenButton) => boolean,
    input?: Record<string, unknown>,
  ): Promise<string> {
    const button = this.screen.button(user, match);
    if (!button) {
      const have = this.screen.dms(user).flatMap((m) => m.blocks.filter((b) => b.type === 'actions'));
      throw new Error(`${user} has no such button; DM actions: ${JSON.stringify(have).slice(0, 500)}`);
    }
    const clicked = await this.click(user, button);
    if (clicked.modal) {
      const sent = await this.submit(user, clicked.modal, input ?? {});
      if (sent.res.body) throw new Error(`modal refused: ${sent.res.body}`);
      return sent.answer ?? '';
    }
    return clicked.answer ?? '';
  }

  private async answered(
    user: string,
    trigger: string,
    send: () => Promise<SentRequest>,
  ): Promise<ClickResult> {
    const before = this.screen.privateAnswers(user).length;
    const res = await send();
    if (res.status !== 200) return { status: res.status };
    let result: ClickResult = { status: res.status };
    await vi.waitFor(
      () => {
        const modal = [...this.bot.fake.views.values()].find((v) => v.trigger === trigger);
        const answers = this.screen.privateAnswers(user);
        if (modal) result = { status: res.status, modal };
        else if (answers.length > before) result = { status: res.status, answer: answers.at(-1) ?? '' };
        else throw new Error('nothing shown to the user yet');
      },
      { timeout: this.waitMs },
    );
    await this.flush();
    return result;
  }
}

/** What the Slack client puts in `view.state.values` for an element of this type. */
function elementState(type: string, v: unknown): ElementState {
  switch (type) {
    case 'static_select':
      return {
        type,
        selected_option:
          v === undefined ? null : { text: { type: 'plain_text', text: String(v) }, value: String(v) },
      };
    case 'users_select':
      return { type, selected_user: v ?? null };
    case 'multi_users_select':
      return { type, selected_users: v === undefined ? [] : Array.isArray(v) ? v : [v] };
    case 'datetimepicker':
      return { type, selected_date_time: v ?? null };
    default:
      return { type, value: v === undefined ? null : String(v) };
  }
}
