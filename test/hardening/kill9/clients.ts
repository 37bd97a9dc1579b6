import { BUTTON_ACTION_PREFIX, encodeIntent } from '../../../adapters/slack/button-value.js';
import type { ButtonIntent } from '../../../src/conversation/model.js';
import type { FakeSlackApi, FakeView } from '../../fakes/slack-api.js';
import { messageButtonClick, slashCommand, viewSubmission } from '../../slack/payloads.js';
import type { SlackSender } from '../../support/slack-signing.js';
import type { Random } from './random.js';

export const ALICE = 'U0000ALICE';
export const BOB = 'U00000BOB';
export const DAVE = 'U0000DAVE';
export const ERIN = 'U0000ERIN';

/** One request a client sent, and what became of it. */
export interface Sent {
  kind: 'click' | 'submit';
  /** What names it in the audit trail: the click's action_ts, or the view's id and hash. */
  token: string;
  /** The response_url id of a click, where its private answer lands. */
  answerId?: string;
  /** HTTP status; 0 when no answer came (the process was down or died). */
  status: number;
  body: string;
  /** A reject button opens a modal: its click is not itself a decision. */
  opensForm: boolean;
}

/** Answers that ask the person to click again: nothing was recorded (or not yet). */
export const TRY_AGAIN = /try again/i;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * People clicking in Slack while the bot is being killed. Slack does not resend an interactive payload
 * that got no answer, so a failed click is simply not acknowledged; the person may click again, which is
 * a new request (new action_ts). Only a modal's submit button may be pressed again on the same modal.
 */
export class Clicker {
  readonly sent: Sent[] = [];
  /** The latest click answers with how long each took, for KILL9_DEBUG. */
  readonly lastAnswers: string[] = [];
  private n = 0;

  constructor(
    private readonly send: SlackSender,
    private readonly fake: FakeSlackApi,
  ) {}

  private async post(payload: unknown): Promise<{ status: number; body: string }> {
    try {
      return await this.send.interaction(payload);
    } catch {
      return { status: 0, body: '' };
    }
  }

  /** A click on a card button; true when it was answered 200. */
  async click(
    user: string,
    intent: ButtonIntent,
  ): Promise<{ ok: boolean; trigger: string; answerId: string }> {
    const n = ++this.n;
    const actionTs = `${1800000000 + n}.${String(process.hrtime.bigint() % 1000000n).padStart(6, '0')}`;
    const answerId = `k9-${actionTs}`;
    const payload = messageButtonClick({
      user,
      // A card in the releases channel: the answer comes straight after the commit (a DM card would
      // first be redrawn, which is not what this drill is about).
      channel: 'C_KILL9',
      messageTs: '1700000000.000001',
      button: { action_id: `${BUTTON_ACTION_PREFIX}${intent.command.type}`, value: encodeIntent(intent) },
      responseUrl: this.fake.responseUrl(answerId),
      actionTs,
    });
    const sentAt = Date.now();
    const res = await this.post(payload);
    const opensForm = intent.command.type === 'reject';
    this.sent.push({ kind: 'click', token: actionTs, answerId, ...res, opensForm });
    const trigger = String(payload.trigger_id);
    if (res.status !== 200) return { ok: false, trigger, answerId };
    // Told to try again (busy, or not saved in time): the person clicks again. No answer at all
    // (killed after the 200) still means the click was stored.
    if (opensForm) return { ok: true, trigger, answerId };
    const answer = await this.answer(answerId);
    if (process.env.KILL9_DEBUG) this.lastAnswers.push(`${Date.now() - sentAt}ms ${answer?.slice(0, 40)}`);
    return { ok: !TRY_AGAIN.test(answer ?? ''), trigger, answerId };
  }

  /** The private answer to a click, once it came (undefined after a few seconds without one). */
  async answer(answerId: string, waitMs = 3000): Promise<string | undefined> {
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      const call = this.fake.calls.find((c) => c.method === 'response_url' && c.args.id === answerId);
      if (call) return String(call.args.text ?? '');
      await pause(20);
    }
    return undefined;
  }

  /** Submits a modal; true when Slack would have closed it (200 with an empty body). */
  async submit(
    user: string,
    view: FakeView,
    values: Record<string, Record<string, unknown>>,
  ): Promise<boolean> {
    const res = await this.post(viewSubmission({ user, view, values }));
    this.sent.push({ kind: 'submit', token: `${view.id}:${view.hash}`, ...res, opensForm: false });
    return res.status === 200 && res.body === '';
  }

  /** The modal a click or command opened, once the fake has it; undefined if it never came. */
  async modalFor(
    trigger: string,
    answerId?: string,
    waitMs = 2000,
  ): Promise<FakeView | 'answered' | undefined> {
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      const view = [...this.fake.views.values()].find((v) => v.trigger === trigger);
      if (view) return view;
      if (answerId && this.fake.calls.some((c) => c.method === 'response_url' && c.args.id === answerId))
        return 'answered';
      await pause(25);
    }
    return undefined;
  }

  /** A reject: the button opens the reason modal, whose submit is the decision. */
  async reject(user: string, intent: ButtonIntent, rnd: Random): Promise<boolean> {
    const click = await this.click(user, intent);
    if (!click.ok) return false;
    const modal = await this.modalFor(click.trigger, click.answerId);
    // Answered without a modal: judged at once (already decided, or refused), so recorded.
    if (modal === 'answered') return true;
    if (!modal) return false;
    const values = { reason: { value: { type: 'plain_text_input', value: 'kill drill: not this time' } } };
    // A person whose submit failed presses Submit again on the same modal a few times.
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await this.submit(user, modal, values)) return true;
      await pause(rnd.int(100, 400));
    }
    return false;
  }

  /** `/release new <flow>` and its modal submitted: a release created before the drill starts. */
  async create(user: string, flowId: string, title: string): Promise<void> {
    const fields = slashCommand({
      user,
      text: `new ${flowId}`,
      responseUrl: this.fake.responseUrl(`new-${title}`),
    });
    const res = await this.send.command(fields);
    if (res.status !== 200) throw new Error(`/release new answered ${res.status}`);
    const modal = await this.modalFor(String(fields.trigger_id), undefined, 10_000);
    if (!modal || modal === 'answered') throw new Error('/release new opened no modal');
    const done = await this.submit(user, modal, {
      title: { value: { type: 'plain_text_input', value: title } },
    });
    if (!done) throw new Error(`creating "${title}" failed`);
  }
}
