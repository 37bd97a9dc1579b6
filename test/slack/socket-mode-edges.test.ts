import { describe, expect, it, vi } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { Envelope, EnvelopeType, LinkEvent } from '../fakes/slack-socket.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { storeWithGate } from '../support/store-gate.js';
import { slashCommand } from './payloads.js';
import { act, is, newRelease } from './scenario.js';
import { asResponse, type SlackSocketBot, slackSocketScenarios } from './socket-harness.js';

// Waits for what the bot does next: generous, since only the order of events is asserted.
const WAIT = { timeout: 15_000, interval: 20 };

const scenarios = slackSocketScenarios();

/**
 * The bot in Socket Mode over a store whose commits a test can hold, with REL-1 (an emergency
 * release) created: Erin holds its approve button. No deadline or drain ends a wait early.
 */
async function start() {
  const gated = storeWithGate(createSqliteStore({ file: ':memory:' }));
  const s = await scenarios.start({ store: gated.store, answerWithinMs: 60_000, refreshDrainMs: 60_000 });
  await newRelease(s.slack, 'emergency', PAYMENT_HOTFIX);
  return { ...s, holdNextCommit: gated.holdNextCommit };
}

/**
 * Delivers an envelope on connection 1 and, once the core has saved what it asked for, Slack asks
 * for a refresh and closes that connection before golive could acknowledge it. Resolves when golive
 * has logged the ack it could not send (a warning naming the user and the kind of request).
 */
async function deliverAndLoseTheAck(
  s: Awaited<ReturnType<typeof start>>,
  type: EnvelopeType,
  payload: Record<string, unknown>,
  expected: { user: string; what: string },
): Promise<Envelope> {
  const held = s.holdNextCommit();
  const envelope = s.bot.socket.deliver(type, payload);
  await held.reached;
  s.bot.socket.disconnect('refresh_requested', 1);
  await s.bot.socket.drop(1);
  held.release();
  await vi.waitFor(() => {
    expect(s.bot.logs).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'could not acknowledge a slack request that was handled',
        ...expected,
      }),
    );
  }, WAIT);
  expect(s.bot.socket.acksOf(envelope.envelope_id)).toEqual([]);
  return envelope;
}

/** Slack's redelivery of `envelope` on the newest connection; resolves once it is acknowledged there. */
async function redeliver(bot: SlackSocketBot, envelope: Envelope): Promise<void> {
  const next = await bot.socket.until(() => bot.socket.openConnections().at(-1));
  bot.socket.deliver(envelope.type, envelope.payload, {
    connection: next,
    envelopeId: envelope.envelope_id,
    retry: { attempt: 1, reason: 'timeout' },
  });
  expect(await bot.socket.acked(envelope.envelope_id)).toMatchObject({ connection: next });
}

const at = (events: LinkEvent[], match: Partial<LinkEvent>) =>
  events.findIndex((e) => Object.entries(match).every(([k, v]) => e[k as keyof LinkEvent] === v));

/** Everything anyone was told privately (response_url, ephemeral). */
const answersTo = (bot: SlackSocketBot) =>
  bot.fake.calls
    .filter((c) => c.method === 'response_url' || c.method === 'chat.postEphemeral')
    .map((c) => String(c.args.text));

describe('Slack Socket Mode edges', () => {
  it('opens the next connection before closing the old one when Slack asks for a refresh, and a click right after is answered', async () => {
    const { t, bot, slack } = await start();
    expect(bot.socket.openConnections()).toEqual([1]);

    bot.socket.disconnect('refresh_requested', 1);
    const next = await bot.socket.nextConnection(1);
    // Delivered on the new connection as soon as it is open, not after some delay.
    const clicked = await slack.click('U_ERIN', slack.screen.button('U_ERIN', is('approve'))!);
    expect(clicked.answer).not.toMatch(/went wrong/);
    expect(bot.socket.acksOf(bot.send.last().envelope_id)).toEqual([
      expect.objectContaining({ connection: next }),
    ]);
    await bot.socket.closed(1);
    const events = bot.socket.events;
    expect(at(events, { kind: 'opened', connection: next })).toBeLessThan(
      at(events, { kind: 'closed', connection: 1 }),
    );
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');

    // A `warning` (the connection will go soon) is handled the same way.
    bot.socket.disconnect('warning', next);
    const third = await bot.socket.nextConnection(next);
    await bot.socket.closed(next);
    expect(at(events, { kind: 'opened', connection: third })).toBeLessThan(
      at(events, { kind: 'closed', connection: next }),
    );
    expect(bot.socket.openConnections()).toEqual([third]);
    expect(bot.logs.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('answers an envelope that came on the old connection before closing it', async () => {
    const { bot, slack, holdNextCommit } = await start();
    const held = holdNextCommit();
    const click = bot.socket.deliver(
      'interactive',
      slack.clickPayload('U_ERIN', slack.screen.button('U_ERIN', is('approve'))!),
    );
    await held.reached;
    bot.socket.disconnect('refresh_requested', 1);
    await bot.socket.nextConnection(1);
    held.release();
    await bot.socket.closed(1);
    const events = bot.socket.events;
    expect(at(events, { kind: 'ack', connection: 1, envelopeId: click.envelope_id })).toBeGreaterThan(-1);
    expect(at(events, { kind: 'ack', envelopeId: click.envelope_id })).toBeLessThan(
      at(events, { kind: 'closed', connection: 1 }),
    );
  });

  it('a click committed but not acknowledged (Slack closed the socket) is logged, not reported as a failure; its redelivery is answered "already handled"', async () => {
    const s = await start();
    const { t, bot, slack } = s;
    const before = answersTo(bot).length;
    const button = slack.screen.button('U_ERIN', is('approve'))!;
    const click = await deliverAndLoseTheAck(s, 'interactive', slack.clickPayload('U_ERIN', button), {
      user: 'U_ERIN',
      what: 'button',
    });
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
    // Erin reads the usual answer to her approval.
    await vi.waitFor(() => expect(answersTo(bot).length).toBe(before + 1), WAIT);
    expect(answersTo(bot)).not.toContainEqual(expect.stringMatching(/went wrong/));
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);

    // Slack sends the envelope again on the next connection: the core's idempotency answers it.
    await redeliver(bot, click);
    await vi.waitFor(() => expect(answersTo(bot).length).toBe(before + 2), WAIT);
    expect(answersTo(bot).at(-1)).toContain('That was already handled.');
    const approvals = (await t.store.events('REL-1')).filter((e) => e.what === 'approve');
    expect(approvals).toHaveLength(1);
  });

  it('a modal submit committed but not acknowledged is logged, not reported as a failure, and its redelivery is answered "already handled"', async () => {
    const s = await start();
    const { t, bot, slack } = s;
    await slack.press('U_ERIN', is('approve'));
    await slack.press('U_BOB', act('tests_passed'));
    const opened = await slack.click('U_BOB', slack.screen.button('U_BOB', act('file_test_report'))!);
    const before = answersTo(bot).length;
    const submit = await deliverAndLoseTheAck(
      s,
      'interactive',
      slack.submissionPayload('U_BOB', opened.modal!, { summary: 'Core paths pass' }),
      { user: 'U_BOB', what: 'form submit' },
    );
    await vi.waitFor(() => expect(answersTo(bot).length).toBe(before + 1), WAIT);
    expect(answersTo(bot).at(-1)).toContain('Recorded: File the test report');

    await redeliver(bot, submit);
    await vi.waitFor(() => expect(answersTo(bot).length).toBe(before + 2), WAIT);
    expect(answersTo(bot).at(-1)).toContain('That was already handled.');
    expect(answersTo(bot)).not.toContainEqual(expect.stringMatching(/went wrong/));
    expect((await t.store.load('REL-1'))?.records.test_report).toHaveLength(1);
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a slash command committed but not acknowledged is logged, not reported as a failure, and its redelivery changes nothing', async () => {
    const s = await start();
    const { t, bot, slack } = s;
    const before = answersTo(bot).length;
    const cancel = await deliverAndLoseTheAck(
      s,
      'slash_commands',
      slashCommand({
        user: 'U_ALICE',
        text: 'cancel REL-1 wrong build',
        responseUrl: slack.responseUrl('U_ALICE'),
      }),
      { user: 'U_ALICE', what: 'slash command' },
    );
    await vi.waitFor(() => expect(answersTo(bot).length).toBe(before + 1), WAIT);
    expect((await t.store.load('REL-1'))?.status).toBe('cancelled');

    await redeliver(bot, cancel);
    expect((await slack.command('U_ALICE', 'help')).answer).toBeDefined();
    expect(answersTo(bot)).toHaveLength(before + 2);
    expect(answersTo(bot)).not.toContainEqual(expect.stringMatching(/went wrong/));
    expect((await t.store.events('REL-1')).filter((e) => e.what === 'cancel')).toHaveLength(1);
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('opens the modal once when a slash command envelope comes twice (the same envelope, then a retry)', async () => {
    const { bot, slack } = await start();
    const opens = bot.fake.callsTo('views.open').length;
    const first = await slack.command('U_ALICE', 'new');
    expect(first.modal).toBeDefined();
    const command = bot.send.last();

    const again = bot.socket.deliver('slash_commands', command.payload, { envelopeId: command.envelope_id });
    const retried = bot.socket.deliver('slash_commands', command.payload, {
      retry: { attempt: 1, reason: 'timeout' },
    });
    const acks = await Promise.all(
      [again, retried].map((e) => bot.socket.acked(e.envelope_id, e === again ? 1 : 0)),
    );
    expect(acks.map(asResponse)).toEqual([
      { status: 200, body: '' },
      { status: 200, body: '' },
    ]);
    // Anything the redeliveries did would come before this command's answer.
    expect((await slack.command('U_ALICE', 'help')).answer).toBeDefined();
    expect(bot.fake.callsTo('views.open')).toHaveLength(opens + 1);
    expect(bot.fake.callsTo('views.open').every((c) => c.result?.ok === true)).toBe(true);
    expect(answersTo(bot)).not.toContainEqual(expect.stringMatching(/went wrong/));
  });

  it('handles a click envelope once when it comes again (the same envelope, then a retry)', async () => {
    const { t, bot, slack } = await start();
    await slack.click('U_ERIN', slack.screen.button('U_ERIN', is('approve'))!);
    const click = bot.send.last();
    const answered = answersTo(bot).length;
    const events = (await t.store.events('REL-1')).length;

    const again = bot.socket.deliver('interactive', click.payload, { envelopeId: click.envelope_id });
    expect(await bot.socket.acked(again.envelope_id, 1)).toMatchObject({ connection: 1 });
    const retried = bot.socket.deliver('interactive', click.payload, {
      retry: { attempt: 2, reason: 'timeout' },
    });
    expect(await bot.socket.acked(retried.envelope_id)).toMatchObject({ connection: 1 });

    // Anything the redeliveries did would come before this command's answer.
    expect((await slack.command('U_ERIN', 'help')).answer).toBeDefined();
    expect(answersTo(bot)).toHaveLength(answered + 1);
    expect((await t.store.events('REL-1')).length).toBe(events);
  });
});
