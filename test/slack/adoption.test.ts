import { describe, expect, it, vi } from 'vitest';
import type { SlackCall } from '../fakes/slack-api.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { type SlackScenario, slackScenarios } from './scenario.js';
import { SlackDriver } from './slack-driver.js';
import { header } from './slack-screen.js';

const scenarios = slackScenarios();

const isStatusCardPost = (c: SlackCall) =>
  c.method === 'chat.postMessage' && c.args.channel === 'C_RELEASES' && c.args.thread_ts === undefined;

/**
 * Slack posts the status card but its answer never comes back (the connection drops): the outbox
 * cannot know whether the post went through. Returns once the outbox has seen the failure.
 */
async function createWithLostCardAnswer(s: SlackScenario) {
  s.bot.fake.loseAnswer(isStatusCardPost);
  // Not waiting for delivery: the round stays under way until the connection drops.
  const slack = new SlackDriver(s.bot, async () => {});
  const opened = await slack.command('U_ALICE', 'new');
  const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'emergency');
  expect((await slack.submit('U_ALICE', form, PAYMENT_HOTFIX)).answer).toContain('Created REL-1');
  await vi.waitFor(() => expect(s.bot.fake.calls.some(isStatusCardPost)).toBe(true));
  s.bot.fake.heal();
  await s.t.core.flush();
  // The retry after the failure's backoff.
  s.t.clock.current = new Date(s.t.clock.current.getTime() + 2000);
  await s.t.core.flush();
}

describe('Slack: a status card whose answer was lost is adopted, not posted twice', () => {
  it('finds the card the lost try posted (named in its metadata) and goes on with it', async () => {
    const s = await scenarios.start();
    await createWithLostCardAnswer(s);

    const cards = s.slack.screen.cards('C_RELEASES');
    expect(cards.map(header)).toEqual(['REL-1 · Hotfix payment timeout']);
    expect(s.bot.fake.succeeded('chat.postMessage').filter(isStatusCardPost)).toHaveLength(1);
    // Named for adoption: release and message in the card's metadata; looked for once, on the retry.
    expect(s.bot.fake.calls.find(isStatusCardPost)?.args.metadata).toMatchObject({
      event_type: 'golive_message',
      event_payload: { release: 'REL-1' },
    });
    expect(s.bot.fake.callsTo('conversations.history')).toHaveLength(1);
    // The release goes on with that card: its thread line under it, and an edit in place later.
    expect(s.slack.screen.thread('C_RELEASES', cards[0]!.ts).map((m) => m.text)).toEqual([
      expect.stringContaining('created the release'),
    ]);
    await s.slack.press('U_ERIN', (b) => b.intent.command.type === 'approve');
    expect(s.bot.fake.succeeded('chat.update').some((c) => c.args.ts === cards[0]!.ts)).toBe(true);
    expect(s.slack.screen.cards('C_RELEASES')).toHaveLength(1);
  });

  it('without channels:history it cannot look, and posts again (at least once), as the doctor warns', async () => {
    const s = await scenarios.start();
    s.bot.fake.scopes = s.bot.fake.scopes.filter((x) => !x.endsWith(':history'));
    await createWithLostCardAnswer(s);
    expect(s.slack.screen.cards('C_RELEASES').map(header)).toEqual([
      'REL-1 · Hotfix payment timeout',
      'REL-1 · Hotfix payment timeout',
    ]);
    expect(s.bot.fake.callsTo('conversations.history').map((c) => c.result?.error)).toEqual([
      'missing_scope',
    ]);
  });

  it('a first try looks nowhere: no history call on the way of an ordinary release', async () => {
    const s = await scenarios.start();
    const opened = await s.slack.command('U_ALICE', 'new');
    const form = await s.slack.chooseFlow('U_ALICE', opened.modal!, 'emergency');
    await s.slack.submit('U_ALICE', form, PAYMENT_HOTFIX);
    await s.slack.press('U_ERIN', (b) => b.intent.command.type === 'approve');
    expect(s.slack.screen.cards('C_RELEASES')).toHaveLength(1);
    expect(s.bot.fake.callsTo('conversations.history')).toEqual([]);
  });
});
