import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { header, type SeenButton } from '../slack/slack-screen.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { OUTBOX_METHODS, startThreadBot, type ThreadBot } from './support/thread-bot.js';

const WAIT = { timeout: 30_000, interval: 50 };
const is = (type: string) => (b: SeenButton) => b.intent.command.type === type;

/**
 * golive as deployed with Slack on the embedded store: messages are rendered and sent by the delivery
 * thread (adapters/delivery-worker), which has its own store connection and Web API client. What the
 * people and the operator see must not change: every message arrives, `flush()` still means "delivered",
 * the thread's log lines are in the process's log, and stop() ends it.
 */
let bot: ThreadBot;
beforeAll(async () => {
  bot = await startThreadBot();
}, 60_000);

afterAll(async () => {
  await bot?.running.stop();
  await bot?.fake.stop();
  bot?.removeData();
});

describe('delivery on its own thread (Slack, embedded store)', () => {
  it('delivers every message of a release, and flush() waits for them', async () => {
    const { fake, running, logLines } = bot;
    expect(logLines.find((l) => l.msg === 'golive started')).toMatchObject({ delivery: 'thread' });
    // No polling for the messages: the driver only calls flush(), so each step below fails if
    // flush() returned before the thread had sent what the step's decision produced.
    const slack = bot.driver(() => running.core.flush(), WAIT.timeout);
    const form = await slack.chooseFlow(
      'U_ALICE',
      (await slack.command('U_ALICE', 'new')).modal!,
      'emergency',
    );
    const created = await slack.submit('U_ALICE', form, PAYMENT_HOTFIX);
    expect(created.answer).toContain('Created REL-1');
    expect(slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-1'))).toHaveLength(1);
    expect(slack.screen.button('U_ERIN', is('approve'))).toBeDefined();

    expect(await slack.press('U_ERIN', is('approve'))).toContain('Recorded: Approve (REL-1)');
    expect(slack.screen.dms('U_BOB').filter((m) => header(m).includes('REL-1')).length).toBeGreaterThan(0);
    // The private answers to clicks and commands went to their response_url (sent from the thread
    // too), none of them falling back to an ephemeral message.
    expect(fake.callsTo('response_url').map((c) => c.args.text)).toContainEqual(
      expect.stringContaining('Recorded: Approve (REL-1)'),
    );
    expect(logLines.filter((l) => String(l.msg).startsWith('response_url answer failed'))).toEqual([]);
  });

  it('logs a failed delivery through the process log and sends it once Slack is back', async () => {
    const { fake, logLines } = bot;
    const slack = bot.driver(async () => {}, WAIT.timeout);
    const posted = () => fake.succeeded('chat.postMessage').length;
    const before = posted();
    fake.outage(OUTBOX_METHODS);
    const form = await slack.chooseFlow(
      'U_ALICE',
      (await slack.command('U_ALICE', 'new')).modal!,
      'emergency',
    );
    const created = await slack.submit('U_ALICE', form, {
      title: 'Hotfix login loop',
      system: 'auth',
      reason_category: 'severe_bug',
      justification: 'Logins loop back to the start page.',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    // Acknowledged once committed, whatever the delivery thread is going through.
    expect(created.answer).toContain('Created REL-2');
    await vi.waitFor(
      () =>
        expect(logLines.find((l) => l.msg === 'message delivery failed')).toMatchObject({
          thread: 'delivery',
          level: 40,
          key: expect.stringMatching(/^REL-2#/),
        }),
      WAIT,
    );
    expect(posted()).toBe(before);
    fake.heal();
    await vi.waitFor(() => {
      expect(slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-2'))).toHaveLength(1);
    }, WAIT);
  });
});
