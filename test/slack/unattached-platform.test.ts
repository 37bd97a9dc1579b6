import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { createTestCore, reopenableStore, replyText, type TestCore } from '../support/core.js';
import { type SlackBot, startSlackBot } from './harness.js';
import { act, newRelease } from './scenario.js';
import { SlackDriver } from './slack-driver.js';
import { header } from './slack-screen.js';

const release = { title: 'Checkout v2', system: 'shop', tester: ['U_BOB'], director: 'U_DAVE' };
const REMINDER = 'Reminder: REL-1 "Checkout v2" is waiting for you';
const NINE_HOURS = 9 * 3_600_000;

/**
 * Moves the test clock to when the first message in backoff is due and lets the outbox try it; false if
 * none is (before `untilMs`, when given).
 */
async function nextTry(t: TestCore, untilMs = Number.POSITIVE_INFINITY): Promise<boolean> {
  const [held] = await t.store.heldOutbox(t.clock.current.toISOString(), 1);
  if (!held || Date.parse(held.notBefore) >= untilMs) return false;
  t.clock.set(held.notBefore);
  await t.core.flush();
  return true;
}

const sinceMs = (t: TestCore, from: number) => t.clock.current.getTime() - from;
const MINUTE = 60_000;

/**
 * A release made on Slack, then the bot restarted — on the same data and the same Slack — without the
 * Slack side running at first (a Feishu-only redeploy, or Slack attaching late), when Bob's reminder is due.
 */
describe('Slack: messages for a platform that is not attached', () => {
  let place: () => ReturnType<ReturnType<typeof reopenableStore>>;
  let fake: FakeSlackApi;
  let t: TestCore;
  let bot: SlackBot | undefined;
  let slack: SlackDriver;
  let restartedAt: number;

  beforeEach(async () => {
    place = reopenableStore();
    fake = new FakeSlackApi();
    await fake.start();
    t = await createTestCore({ platform: 'slack', attachSurface: false, store: place() });
    bot = await startSlackBot(t.core, { fake });
    slack = new SlackDriver(bot, () => t.core.flush());
    await newRelease(slack, 'normal', release);
    await slack.press('U_ALICE', act('submit_for_test'), { build: '2.3.0' });
    expect(slack.screen.dms('U_BOB').map(header)).toEqual(['For you: REL-1 "Checkout v2"']);
    await bot.stop();
    bot = undefined;
    await t.stop();

    // Back nine hours later without Slack: the reminder for Bob fires and cannot go anywhere yet.
    restartedAt = t.clock.current.getTime() + NINE_HOURS;
    t = await createTestCore({
      platform: 'slack',
      attachSurface: false,
      store: place(),
      startAt: new Date(restartedAt),
    });
    expect(await t.tick()).toBeGreaterThan(0);
  });

  afterEach(async () => {
    await bot?.stop();
    await t.stop();
    await fake.stop();
  });

  it('gives them up ten minutes after start, having looked a dozen times rather than every second, and leaves nothing queued', async () => {
    let looks = 0;
    while (await nextTry(t, restartedAt + 9 * MINUTE)) looks++;
    // Still waiting for Slack nine minutes in: nothing given up, no try used.
    expect((await t.store.events('REL-1')).map((e) => e.what)).not.toContain('undelivered');
    while (await nextTry(t, restartedAt + 10 * MINUTE + 1)) looks++;

    expect(sinceMs(t, restartedAt)).toBe(10 * MINUTE);
    expect(looks).toBeGreaterThan(3);
    expect(looks).toBeLessThan(20);
    const givenUp = (await t.store.events('REL-1')).filter((e) => e.what === 'undelivered');
    expect(givenUp.map((e) => e.data)).toContainEqual(
      // Given up at its first real try: the waiting used none.
      expect.objectContaining({ message: 'notify', about: 'reminder', to: 'bob', attempts: 1 }),
    );
    // What was decided later (the channel's line about it) gets its own ten minutes, then goes too.
    while (await nextTry(t, restartedAt + 30 * MINUTE)) looks++;
    expect(looks).toBeLessThan(40);
    // Nothing waits any more: Bob's destination, and the channel's, are free.
    const now = t.clock.current.toISOString();
    expect(await t.store.pendingOutbox(now, 10)).toEqual([]);
    expect(await t.store.heldOutbox(now, 10)).toEqual([]);
    expect(slack.screen.dms('U_BOB').map(header)).toEqual(['For you: REL-1 "Checkout v2"']);
  });

  it('does not give up a message decided after those ten minutes at once: a replica with Slack may still send it', async () => {
    while (await nextTry(t, restartedAt + 11 * MINUTE));
    t.clock.set(new Date(restartedAt + 30 * MINUTE).toISOString());
    // Decided now (in a rolling deploy, on a replica that runs Slack): the channel's card must change.
    const cancelled = await t.core.command(t.as('alice'), 'cancel REL-1 moved to next week');
    expect(replyText(cancelled)).toContain('REL-1');
    await t.core.flush();
    const undelivered = async () =>
      (await t.store.events('REL-1')).filter((e) => e.what === 'undelivered').length;
    const givenUpBefore = await undelivered();
    // Looked at again within seconds, not given up.
    const [held] = await t.store.heldOutbox(t.clock.current.toISOString(), 10);
    expect(Date.parse(held?.notBefore ?? '') - t.clock.current.getTime()).toBeLessThanOrEqual(2000);
    expect(await undelivered()).toBe(givenUpBefore);

    const sentBefore = fake.calls.length;
    bot = await startSlackBot(t.core, { fake });
    slack = new SlackDriver(bot, () => t.core.flush());
    while (await nextTry(t, restartedAt + 35 * MINUTE));
    expect(await undelivered()).toBe(givenUpBefore);
    const sent = fake.calls.slice(sentBefore).filter((c) => c.result?.ok);
    // The channel hears of it once, in the card's thread.
    expect(
      sent.filter((c) => c.method === 'chat.postMessage').map((c) => String(c.args.text)),
    ).toContainEqual('Alice: cancelled — moved to next week');
    expect(sent.filter((c) => String(c.args.text).includes('moved to next week'))).toHaveLength(1);
  });

  it('delivers every message once when Slack attaches late within the ten minutes', async () => {
    while (await nextTry(t, restartedAt + 5 * MINUTE));
    bot = await startSlackBot(t.core, { fake });
    slack = new SlackDriver(bot, () => t.core.flush());
    // What waited goes out at its next look, at most two minutes on.
    while (await nextTry(t));
    expect(sinceMs(t, restartedAt)).toBeLessThanOrEqual(7 * MINUTE);

    expect(slack.screen.dms('U_BOB').map(header)).toEqual(['For you: REL-1 "Checkout v2"', REMINDER]);
    expect((await t.store.events('REL-1')).map((e) => e.what)).not.toContain('undelivered');
  });
});
