import type { ButtonIntent } from '../../../src/conversation/model.js';
import type { FlowSpec } from '../../../src/flow/schema.js';
import type { ReleaseStore } from '../../../src/store/port.js';
import type { FakeMessage } from '../../fakes/feishu-api.js';
import { p2pChatOf } from '../../fakes/feishu-api.js';
import { createTestCore, type TestCore } from '../../support/core.js';
import { buttonsOf, type CardButton, submitOf, titleOf } from '../../support/feishu-card-read.js';
import { cardActionEvent, messageEvent, newEventId } from '../../support/feishu-events.js';
import { testConfig } from '../../support/people.js';
import { type FeishuHarness, startFeishuHarness, VERIFICATION_TOKEN } from './harness.js';

/** A normal release's form for the `pay` system with a planned window ("2026-12-01 10:00", as typed). */
export const plannedPayRelease = (title: string, start: string, end: string) => ({
  title,
  system: 'pay',
  tester: ['ou_bob'],
  director: 'ou_dave',
  window_start: start,
  window_end: end,
});

export const TEAM_CHAT = 'oc_team';
export const openIdOf = (person: string) => `ou_${person}`;

export type Answer = {
  toast?: { type: string; content: string };
  card?: { type: string; data: Record<string, unknown> };
};

export interface Clicked {
  answer: Answer;
  status: number;
}

/**
 * The real core (in-memory store, test clock, zh-CN texts) behind the Feishu adapter in webhook
 * mode, driven only through signed, encrypted requests to /feishu/events; what people see is
 * read back from the fake open API.
 */
export class FeishuScenario {
  private constructor(
    readonly t: TestCore,
    readonly h: FeishuHarness,
  ) {}

  /** `english` lists people who read English (per-user locale); everyone else gets zh-CN. `store`: default in-memory. */
  static async start(
    opts: {
      english?: string[];
      store?: ReleaseStore;
      config?: Record<string, unknown>;
      /** Flows other than the shipped ones. */
      flows?: FlowSpec[];
    } = {},
  ): Promise<FeishuScenario> {
    const config = testConfig({ locale: 'zh-CN', ...opts.config });
    config.people = config.people.map((p) => (opts.english?.includes(p.id) ? { ...p, locale: 'en' } : p));
    const t = await createTestCore({
      platform: 'feishu',
      attachSurface: false,
      config,
      ...(opts.store ? { store: opts.store } : {}),
      ...(opts.flows ? { flows: opts.flows } : {}),
    });
    const h = await startFeishuHarness(t.core);
    return new FeishuScenario(t, h);
  }

  get api() {
    return this.h.api;
  }

  /** Lets the adapter and the core's outbox finish what the last request started. */
  async settle(): Promise<void> {
    await this.h.adapter.idle();
    await this.t.core.flush();
    await this.h.adapter.idle();
  }

  /** A person types to the bot: in the team group with an @-mention, or in their DM. */
  async say(
    person: string,
    text: string,
    where: 'group' | 'dm' = 'group',
    eventId = newEventId(),
    opts: { mention?: boolean } = {},
  ) {
    const openId = openIdOf(person);
    const event = messageEvent({
      appId: this.h.appId,
      token: VERIFICATION_TOKEN,
      eventId,
      openId,
      chatId: where === 'group' ? TEAM_CHAT : p2pChatOf(openId),
      chatType: where === 'group' ? 'group' : 'p2p',
      text,
      mention: opts.mention ?? where === 'group',
    });
    const res = await this.h.post(event);
    await this.settle();
    return { res, event };
  }

  /** Clicks a button (or submits a form with `formValue`) on a card the bot sent. */
  async click(
    person: string,
    message: FakeMessage,
    button: CardButton,
    formValue?: Record<string, unknown>,
    eventId?: string,
  ): Promise<Clicked> {
    const res = await this.h.post(this.clickEvent(person, message, button, formValue, eventId));
    const answer = res.body as Answer;
    // Feishu replaces the clicked card with the answer's card before anything else arrives.
    if (res.status === 200 && answer.card) this.api.showCallbackCard(message.id, answer.card.data);
    await this.settle();
    return { answer, status: res.status };
  }

  clickEvent(
    person: string,
    message: FakeMessage,
    button: CardButton,
    formValue?: Record<string, unknown>,
    eventId?: string,
  ) {
    return cardActionEvent({
      appId: this.h.appId,
      token: VERIFICATION_TOKEN,
      ...(eventId ? { eventId } : {}),
      openId: openIdOf(person),
      value: button.value,
      messageId: message.id,
      chatId: message.chatId,
      ...(formValue ? { formValue } : {}),
    });
  }

  /** The newest card in the person's DM that has a button matching `match`. */
  dmButton(
    person: string,
    match: (intent: ButtonIntent, b: CardButton) => boolean,
  ): { message: FakeMessage; button: CardButton } {
    const dms = this.api.dmsTo(openIdOf(person));
    for (const message of [...dms].reverse()) {
      const button = buttonsOf(this.api.latest(message)).find((b) => {
        const intent = (b.value as { intent?: ButtonIntent } | undefined)?.intent;
        return intent !== undefined && match(intent, b);
      });
      if (button) return { message, button };
    }
    const seen = dms.map(
      (m) =>
        `${titleOf(this.api.latest(m))}: ${buttonsOf(this.api.latest(m))
          .map((b) => b.label)
          .join('/')}`,
    );
    throw new Error(`${person} has no such button in their DMs; cards: ${seen.join(' | ')}`);
  }

  /**
   * A person presses a button on their newest DM card that has it; if the button needs input,
   * the card turns into a form, which they fill with `input` and submit. Returns the toasts.
   */
  async press(
    person: string,
    match: (intent: ButtonIntent) => boolean,
    input?: Record<string, unknown>,
  ): Promise<string[]> {
    const { message, button } = this.dmButton(person, match);
    const first = await this.click(person, message, button);
    const toasts = first.answer.toast ? [first.answer.toast.content] : [];
    const formCard = first.answer.card?.data;
    if (formCard && buttonsOf(formCard).some((b) => b.submit)) {
      const submitted = await this.click(person, message, submitOf(formCard), input ?? {});
      if (submitted.answer.toast?.type === 'error')
        throw new Error(`form refused: ${submitted.answer.toast.content}`);
      if (submitted.answer.toast) toasts.push(submitted.answer.toast.content);
    }
    return toasts;
  }

  /** `/release new` in the team group, the flow chosen and the form submitted with `values`. */
  async newRelease(person: string, flow: string, values: Record<string, unknown>): Promise<Answer> {
    await this.say(person, '/release new');
    const formMessage = this.api.dmsTo(openIdOf(person)).at(-1)!;
    const chose = await this.click(person, formMessage, submitOf(this.api.latest(formMessage)), { flow });
    const made = await this.click(person, formMessage, submitOf(chose.answer.card!.data), values);
    if (made.answer.toast?.type !== 'success')
      throw new Error(`not created: ${JSON.stringify(made.answer.toast)}`);
    return made.answer;
  }

  async stop(): Promise<void> {
    await this.h.close();
    await this.t.stop();
  }
}

export const act = (id: string) => (i: ButtonIntent) => i.command.type === 'act' && i.command.action === id;
export const is = (type: ButtonIntent['command']['type']) => (i: ButtonIntent) => i.command.type === type;
