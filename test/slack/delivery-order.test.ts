import { describe, expect, it } from 'vitest';
import type { SlackScenario } from './scenario.js';
import { act, newRelease, slackScenarios } from './scenario.js';
import { fields, header, type SeenMessage } from './slack-screen.js';

const scenarios = slackScenarios();

const release = { title: 'Checkout v2', system: 'shop', tester: ['U_BOB'], director: 'U_DAVE' };
const BOBS_DM = (args: Record<string, unknown>) => args.channel === 'D_U_BOB';

/** Moves the test clock on and lets the outbox try again what is due. */
async function later(s: SlackScenario, ms: number) {
  s.t.clock.current = new Date(s.t.clock.current.getTime() + ms);
  await s.t.core.flush();
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
    expect(tried.every((c) => String(c.args.text).startsWith('For you: REL-1'))).toBe(true);

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

  it('gives a message up after ten minutes, says so under the status card and in the trail, and sends what waited', async () => {
    const s = await scenarios.start();
    await newRelease(s.slack, 'normal', release);
    s.bot.fake.outage(['chat.postMessage'], { where: BOBS_DM });
    await s.slack.press('U_ALICE', act('submit_for_test'), { build: '2.3.0' });
    for (let minute = 0; minute < 11; minute++) await later(s, 60_000);

    const trail = await s.t.store.events('REL-1');
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
    expect(fields(statusCard(s)[0]!)['Not delivered']).toMatch(/^• a message → Bob · \d\d-\d\d \d\d:\d\d$/);
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
});
