import { describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { createTestCore, reopenableStore, type TestCore } from '../support/core.js';
import { startSlackBot } from './harness.js';
import type { SlackScenario } from './scenario.js';
import { act, newRelease, slackScenarios } from './scenario.js';
import { SlackDriver } from './slack-driver.js';
import { fields, header, type SeenMessage } from './slack-screen.js';

const scenarios = slackScenarios();

const release = { title: 'Checkout v2', system: 'shop', tester: ['U_BOB'], director: 'U_DAVE' };
const BOBS_DM = (args: Record<string, unknown>) => args.channel === 'D_U_BOB';

/** Moves the test clock on and lets the outbox try again what is due. */
async function later(s: { t: TestCore }, ms: number) {
  s.t.clock.current = new Date(s.t.clock.current.getTime() + ms);
  await s.t.core.flush();
}

/** Moves the test clock to when the first message in backoff is due and lets the outbox try it; false if none is. */
async function nextTry(s: { t: TestCore }): Promise<boolean> {
  const [held] = await s.t.store.heldOutbox(s.t.clock.current.toISOString(), 1);
  if (!held) return false;
  s.t.clock.set(held.notBefore);
  await s.t.core.flush();
  return true;
}

const statusCard = (s: SlackScenario) =>
  s.slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-1'));
const threadLines = (s: SlackScenario, card: SeenMessage) =>
  s.slack.screen.thread('C_RELEASES', card.ts).map((m) => m.text);

describe('Slack: message order when a message cannot be sent', () => {
  it('holds later messages to the same person behind the failed one, and lets the channel go on', async () => {
    const s = await scenarios.start();
    await newRelease(s.slack, 'normal', release);
    s.bot.fake.outage(['chat.postMessage'], { where: BOBS_DM });
    await s.slack.press('U_ALICE', act('submit_for_test'), { build: '2.3.0' });

    // Bob's action card failed; the channel still shows the step.
    const [card] = statusCard(s);
    expect(threadLines(s, card!).at(-1)).toContain('Submit for test');
    // A reminder comes for Bob while his card is still failing: it waits behind the card.
    s.t.clock.advanceHours(9);
    await s.t.tick();
    const tried = s.bot.fake.callsTo('chat.postMessage').filter((c) => BOBS_DM(c.args));
    expect(tried.length).toBeGreaterThanOrEqual(2);
    // Only the card is tried again (its notification says what is asked), not the reminder behind it.
    const texts = [...new Set(tried.map((c) => String(c.args.text)))];
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/REL-1 "Checkout v2"/);
    expect(texts[0]).not.toMatch(/^Reminder/);

    s.bot.fake.heal();
    await later(s, 2_000);
    expect(s.slack.screen.dms('U_BOB').map(header)).toEqual([
      'For you: REL-1 "Checkout v2"',
      'Reminder: REL-1 "Checkout v2" is waiting for you',
    ]);
  });

  it('keeps the status card and its thread in order when posting the card failed', async () => {
    const s = await scenarios.start();
    // The first post of the status card fails (Slack had a moment); Alice's DM does not.
    s.bot.fake.failNext('chat.postMessage', 'internal_error');
    await newRelease(s.slack, 'normal', release);
    expect(s.bot.fake.callsTo('chat.postMessage')[0]?.args.channel).toBe('C_RELEASES');
    // She acts on her card before the card's retry is due: the edit for her step waits for the post.
    await s.slack.press('U_ALICE', act('submit_for_test'), { build: '2.3.0' });
    expect(s.slack.screen.dms('U_BOB')).toHaveLength(1);
    expect(statusCard(s)).toEqual([]);

    await later(s, 5_000);
    const cards = statusCard(s);
    expect(cards).toHaveLength(1);
    const lines = threadLines(s, cards[0]!);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('created the release');
    expect(lines[1]).toContain('Submit for test');
  });

  it('gives a message up after ten minutes of tries, says so under the status card and in the trail, and sends what waited', async () => {
    const s = await scenarios.start();
    await newRelease(s.slack, 'normal', release);
    s.bot.fake.outage(['chat.postMessage'], { where: BOBS_DM });
    const firstTry = s.t.clock.now();
    await s.slack.press('U_ALICE', act('submit_for_test'), { build: '2.3.0' });
    while (await nextTry(s));

    // Tried on its schedule (1 s, 2 s, 4 s … apart), it is given up when its tries have spanned ten minutes.
    expect(s.bot.fake.callsTo('chat.postMessage').filter((c) => BOBS_DM(c.args))).toHaveLength(11);
    const trail = await s.t.store.events('REL-1');
    expect(Date.parse(trail.at(-1)!.at) - firstTry.getTime()).toBe(10 * 60_000);
    expect(trail.at(-1)).toMatchObject({
      what: 'undelivered',
      actor: { person: 'system' },
      data: { message: 'notify', about: 'action_required', to: 'bob' },
    });
    const [card] = statusCard(s);
    expect(threadLines(s, card!).at(-1)).toMatch(
      /^System: could not deliver a message to Bob \(\d+ attempts\)$/,
    );
    // The status card lists it too, for whoever looks at the release.
    expect(fields(statusCard(s)[0]!)['Not delivered']).toMatch(
      /^• a message → Bob · \d{1,2} [A-Z][a-z]{2} \d\d:\d\d$/,
    );
    // The release itself is where it was.
    expect((await s.t.store.load('REL-1'))?.stage).toBe('smoke_test');

    // Bob is reachable again: the next message for him is not held behind the one given up.
    s.bot.fake.heal();
    s.t.clock.advanceHours(9);
    await s.t.tick();
    expect(s.slack.screen.dms('U_BOB').map(header)).toEqual([
      'Reminder: REL-1 "Checkout v2" is waiting for you',
    ]);
  });

  it('gives a message that was old when the bot came back its ten minutes of tries', async () => {
    const place = reopenableStore();
    const fake = new FakeSlackApi();
    await fake.start();
    /** The bot on the same data and the same Slack; `at` a later time, when Slack attaches `startingMs` after that. */
    const start = async (at?: Date, startingMs = 0) => {
      const t = await createTestCore({
        platform: 'slack',
        attachSurface: false,
        store: place(),
        ...(at ? { startAt: at } : {}),
      });
      // Messages wait while the Slack side is still starting; that uses up none of their tries.
      for (let waited = 0; waited < startingMs; waited += 1000) await later({ t }, 1000);
      return { t, bot: await startSlackBot(t.core, { fake }) };
    };
    let s = await start();
    try {
      const slack = new SlackDriver(s.bot, () => s.t.core.flush());
      await newRelease(slack, 'normal', release);
      fake.outage(['chat.postMessage'], { where: BOBS_DM });
      await slack.press('U_ALICE', act('submit_for_test'), { build: '2.3.0' });
      expect(fake.callsTo('chat.postMessage').filter((c) => BOBS_DM(c.args))).toHaveLength(1);

      // The bot is down for half an hour with Bob's card unsent; Slack still fails his DM when it is back.
      await s.bot.stop();
      await s.t.stop();
      s = await start(new Date(s.t.clock.current.getTime() + 30 * 60_000), 20_000);
      const back = s.t.clock.current.getTime();
      await s.t.core.flush();
      while (s.t.clock.current.getTime() < back + 8 * 60_000 && (await nextTry(s)));
      expect(fake.callsTo('chat.postMessage').filter((c) => BOBS_DM(c.args)).length).toBeGreaterThan(3);
      expect((await s.t.store.events('REL-1')).map((e) => e.what)).not.toContain('undelivered');

      // Eight minutes after the bot came back Slack is well again: Bob gets his card, once.
      fake.heal();
      expect(await nextTry(s)).toBe(true);
      expect(slack.screen.dms('U_BOB').map(header)).toEqual(['For you: REL-1 "Checkout v2"']);
    } finally {
      await s.bot.stop();
      await s.t.stop();
      await fake.stop();
    }
  });
});
