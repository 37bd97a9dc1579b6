import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningGolive, startGolive } from '../../adapters/app.js';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/index.js';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { SIGNING_SECRET } from '../slack/harness.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { header, type SeenButton } from '../slack/slack-screen.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { testConfig } from '../support/people.js';
import { SlackSender } from '../support/slack-signing.js';

const OUTBOX_METHODS = ['chat.postMessage', 'chat.update', 'conversations.open'];
const WAIT = { timeout: 30_000, interval: 50 };
const is = (type: string) => (b: SeenButton) => b.intent.command.type === type;

let fake: FakeSlackApi;
let running: RunningGolive;
let dir: string;
const logLines: Record<string, unknown>[] = [];

/**
 * golive as deployed with Slack on the embedded store: messages are rendered and sent by the delivery
 * thread (adapters/delivery-worker), which has its own store connection and Web API client. What the
 * people and the operator see must not change: every message arrives, `flush()` still means "delivered",
 * the thread's log lines are in the process's log, and stop() ends it.
 */
beforeAll(async () => {
  fake = new FakeSlackApi();
  await fake.start();
  dir = mkdtempSync(join(tmpdir(), 'golive-thread-'));
  const configFile = join(dir, 'golive.json');
  writeFileSync(configFile, JSON.stringify(testConfig()));
  const memory = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const platformEnv = {
    SLACK_BOT_TOKEN: 'xoxb-thread-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  };
  const env = readEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    GOLIVE_CONFIG: configFile,
    DELIVERY: 'thread',
  });
  running = await startGolive(env, createLogger({ level: 'info', destination: memory }), platformEnv);
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('delivery on its own thread (Slack, embedded store)', () => {
  it('delivers every message of a release, and flush() waits for them', async () => {
    expect(logLines.find((l) => l.msg === 'golive started')).toMatchObject({ delivery: 'thread' });
    const send = new SlackSender(`http://127.0.0.1:${running.port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET);
    // No polling for the messages: the driver only calls flush(), so each step below fails if
    // flush() returned before the thread had sent what the step's decision produced.
    const slack = new SlackDriver({ fake, send }, () => running.core.flush(), WAIT.timeout);
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
    const send = new SlackSender(`http://127.0.0.1:${running.port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET);
    const slack = new SlackDriver({ fake, send }, async () => {}, WAIT.timeout);
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
