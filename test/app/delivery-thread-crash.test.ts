import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { header, type SeenButton } from '../slack/slack-screen.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { OUTBOX_METHODS, startThreadBot, type ThreadBot } from './support/thread-bot.js';

// The delivery threads the bot starts, so the test can end one the way a crash would. Only the
// constructor is watched; the thread itself runs unchanged.
const threads = vi.hoisted(() => [] as Worker[]);
vi.mock('node:worker_threads', async (original) => {
  const real = await original<typeof import('node:worker_threads')>();
  class WatchedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      // Not the SQLite store's checkpointer, which is a worker thread too.
      if (String(args[0]).includes('delivery-worker')) threads.push(this);
    }
  }
  return { ...real, Worker: WatchedWorker };
});

/** Generous: threads start on a loaded 2-core machine. */
const WAIT = { timeout: 60_000, interval: 100 };
const is = (type: string) => (b: SeenButton) => b.intent.command.type === type;

let bot: ThreadBot;
beforeAll(async () => {
  // A short lease, so the new thread takes the dead one's claim over soon.
  bot = await startThreadBot({ OUTBOX_LEASE_MS: '3000' });
}, 60_000);

afterAll(async () => {
  // A thread still waiting for Slack's answer would hold stop(): end it first.
  bot?.fake.heal();
  for (const thread of threads) await thread.terminate();
  await bot?.running.stop();
  await bot?.fake.stop();
  bot?.removeData();
});

describe('the delivery thread dying mid-delivery (Slack, embedded store)', () => {
  it('is started again, and every message arrives exactly once', async () => {
    const { fake, logLines } = bot;
    const slack = bot.driver(async () => {}, WAIT.timeout);
    const form = await slack.chooseFlow(
      'U_ALICE',
      (await slack.command('U_ALICE', 'new')).modal!,
      'emergency',
    );
    // Slack answers no message call: the thread's first message is claimed and in flight, the
    // release's others wait.
    fake.outage(OUTBOX_METHODS, { hang: true });
    expect((await slack.submit('U_ALICE', form, PAYMENT_HOTFIX)).answer).toContain('Created REL-1');
    await vi.waitFor(() => expect(fake.calls.some((c) => c.result?.error === 'hung')).toBe(true), WAIT);
    expect(fake.succeeded('chat.postMessage')).toEqual([]);

    expect(threads).toHaveLength(1);
    await threads[0]!.terminate();
    fake.heal();
    await vi.waitFor(
      () => expect(logLines.some((l) => l.msg === 'delivery thread ended; starting a new one')).toBe(true),
      WAIT,
    );

    // The new thread takes the dead one's claim over once its lease ran out, and sends everything.
    await vi.waitFor(() => {
      expect(slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-1'))).toHaveLength(1);
      expect(slack.screen.button('U_ERIN', is('approve'))).toBeDefined();
    }, WAIT);
    expect(threads).toHaveLength(2);
    // A later decision's messages come after all of the creation's (one release's go out in order).
    expect(await slack.press('U_ERIN', is('approve'))).toContain('Recorded: Approve (REL-1)');
    await vi.waitFor(() => expect(slack.screen.dms('U_BOB').length).toBeGreaterThan(0), WAIT);

    // Exactly once: no message (same place, same thread, same text) was posted twice.
    const posted = fake
      .succeeded('chat.postMessage')
      .map((c) => `${String(c.args.channel)} | ${String(c.args.thread_ts ?? '')} | ${String(c.args.text)}`);
    expect(posted.filter((p, i) => posted.indexOf(p) !== i)).toEqual([]);
    expect(slack.screen.dms('U_ERIN').filter((m) => header(m).includes('REL-1'))).toHaveLength(1);
    expect(posted.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
