import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { header, type SeenButton } from '../slack/slack-screen.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { type SlackBotProcess, startSlackBotProcess, writeTestConfig } from './support/slack-process.js';

/** The Web API methods the outbox sends with: what the outage takes down. */
const OUTBOX_METHODS = ['chat.postMessage', 'chat.update', 'conversations.open'];
const is = (type: string) => (b: SeenButton) => b.intent.command.type === type;
/** Generous: a process starts on a loaded 2-core machine. */
const WAIT = { timeout: 60_000, interval: 100 };
/** The claim lease the processes run with (OUTBOX_LEASE_MS; 10 s by default), short to keep the test short. */
const LEASE_MS = '5000';
/**
 * After the restart: the dead sender's lease plus a round. Far shorter than the one-minute claim the
 * outbox had before leases, so this fails if a dead process's claim holds a release back that long.
 */
const RESUMED = { timeout: 45_000, interval: 100 };

/**
 * A bot process killed (SIGKILL) while the messages of a transition are still undelivered, then started
 * again on the same store: each message is delivered exactly once.
 *
 * Deterministic "undelivered": from the moment the release is submitted, the fake Slack fails every
 * call the outbox makes — with `internal_error` until the messages were retried (backoff), then with
 * no answer at all (the call hangs). So
 * when the kill comes, the first message (the status card) is claimed by the dying process
 * and in flight, and the release's later messages wait behind it. Slack carried out none of those calls
 * (the fake records failed calls as failed), so nothing was half-sent. The restarted process finds the
 * dead process's claim, takes it over once its lease runs out (it is no longer renewed), and sends
 * everything to the now healthy fake, which records each message once.
 */
export async function killWhileUndelivered(storeEnv: (dataDir: string) => Record<string, string>) {
  const fake = new FakeSlackApi();
  await fake.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'golive-kill-'));
  const config = writeTestConfig(dataDir);
  const start = () =>
    startSlackBotProcess({
      fake,
      dataDir,
      config,
      storeEnv: { ...storeEnv(dataDir), OUTBOX_LEASE_MS: LEASE_MS },
    });
  let bot: SlackBotProcess | undefined;
  try {
    bot = await start();
    const first = new SlackDriver({ fake, send: bot.send }, async () => {}, WAIT.timeout);
    const opened = await first.command('U_ALICE', 'new');
    const form = await first.chooseFlow('U_ALICE', opened.modal!, 'emergency');

    fake.outage(OUTBOX_METHODS);
    const created = await first.submit('U_ALICE', form, PAYMENT_HOTFIX);
    // Acknowledged: the release and its messages are stored, though none of the messages went out.
    expect(created.answer).toContain('Created REL-1');
    // Failed, retried after its backoff, failed again: the outbox holds the messages for later.
    const errors = () => fake.calls.filter((c) => c.result?.error === 'internal_error').length;
    await vi.waitFor(() => expect(errors()).toBeGreaterThanOrEqual(3), WAIT);
    // Now Slack does not answer: the next attempt waits for it, its message claimed and in flight.
    fake.outage(OUTBOX_METHODS, { hang: true });
    await vi.waitFor(() => expect(fake.calls.some((c) => c.result?.error === 'hung')).toBe(true), WAIT);
    expect(fake.succeeded('chat.postMessage')).toEqual([]);

    bot.process.child.kill('SIGKILL');
    expect((await bot.process.exited).signal).toBe('SIGKILL');
    fake.heal();
    bot = await start();
    const slack = new SlackDriver({ fake, send: bot.send }, async () => {}, WAIT.timeout);

    // Everything of the creation arrives: the status card, Erin's approval card, ...
    await vi.waitFor(() => {
      expect(slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-1'))).toHaveLength(1);
      expect(slack.screen.button('U_ERIN', is('approve'))).toBeDefined();
    }, RESUMED);
    // ... and a later transition's messages come after all of them (one release's messages go out in
    // order), so once Bob has the next stage's card, the creation's messages are all settled.
    const approved = await slack.press('U_ERIN', is('approve'));
    expect(approved).toContain('Recorded: Approve (REL-1)');
    await vi.waitFor(() => expect(slack.screen.dms('U_BOB').length).toBeGreaterThan(0), WAIT);

    // Exactly once: no message (same place, same thread, same text) was posted twice.
    const posted = fake
      .succeeded('chat.postMessage')
      .map((c) => `${String(c.args.channel)} | ${String(c.args.thread_ts ?? '')} | ${String(c.args.text)}`);
    const twice = posted.filter((p, i) => posted.indexOf(p) !== i);
    expect(twice).toEqual([]);
    // The creation's messages: the status card and its thread line, and a card to each person it awaits.
    expect(slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-1'))).toHaveLength(1);
    expect(slack.screen.dms('U_ERIN').filter((m) => header(m).includes('REL-1'))).toHaveLength(1);
    expect(posted.length).toBeGreaterThanOrEqual(4);
    return { posted };
  } finally {
    bot?.process.child.kill('SIGKILL');
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
