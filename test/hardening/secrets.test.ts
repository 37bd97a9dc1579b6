import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningGolive, startGolive } from '../../adapters/app.js';
import { FEISHU_EVENTS_PATH } from '../../adapters/feishu/index.js';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/index.js';
import { readEnv } from '../../src/config/env.js';
import type { ButtonIntent } from '../../src/conversation/model.js';
import { createLogger } from '../../src/log.js';
import { type FakeFeishuApi, p2pChatOf, startFakeFeishuApi } from '../fakes/feishu-api.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import type { SlackBot } from '../slack/harness.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { buttonsOf, submitOf } from '../support/feishu-card-read.js';
import { cardActionEvent, messageEvent } from '../support/feishu-events.js';
import { postToFeishuEndpoint } from '../support/feishu-sign.js';
import { testConfig } from '../support/people.js';
import { SlackSender } from '../support/slack-signing.js';
import { actIs, quiet } from './fuzz-support.js';

/** Recognisable fake secrets: if any of them shows up where it should not, this finds it. */
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-SECRET-canary-slackbot-7f3a91',
  SLACK_SIGNING_SECRET: 'SECRET-canary-signing-91be2c',
  FEISHU_APP_SECRET: 'SECRET-canary-feishuapp-44d2e0',
  FEISHU_ENCRYPT_KEY: 'SECRET-canary-encrypt-0c7e55',
  FEISHU_VERIFICATION_TOKEN: 'SECRET-canary-verify-5a19d3',
};
const APP_ID = 'cli_secrets_test';

const logLines: string[] = [];
const answers: string[] = [];
let running: RunningGolive;
let slackApi: FakeSlackApi;
let feishuApi: FakeFeishuApi;

/** Every place a secret could leak to, as text. */
function leaks(where: string[], secrets: string[]): string[] {
  return where.filter((text) => secrets.some((s) => text.includes(s)));
}

beforeAll(async () => {
  slackApi = new FakeSlackApi();
  await slackApi.start();
  feishuApi = await startFakeFeishuApi();
  const dir = mkdtempSync(join(tmpdir(), 'golive-secrets-'));
  const configFile = join(dir, 'golive.json');
  writeFileSync(configFile, JSON.stringify(testConfig()));
  const memory = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination: memory });
  const platformEnv = {
    ...SECRETS,
    SLACK_API_URL: `${slackApi.apiUrl}`,
    FEISHU_APP_ID: APP_ID,
    FEISHU_MODE: 'webhook',
    FEISHU_DOMAIN: feishuApi.url,
  };
  const env = readEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    GOLIVE_CONFIG: configFile,
    LOG_LEVEL: 'debug',
    ...platformEnv,
  });
  running = await startGolive(env, log, platformEnv);
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await slackApi?.stop();
  await feishuApi?.close();
});

describe('secrets never reach a log line or a message', () => {
  it('a normal release through Slack, end to end, with debug logging', async () => {
    const send = new SlackSender(
      `http://127.0.0.1:${running.port}${SLACK_EVENTS_PATH}`,
      SECRETS.SLACK_SIGNING_SECRET,
    );
    const raw = send.raw.bind(send);
    send.raw = async (...args) => {
      const res = await raw(...args);
      answers.push(res.body);
      return res;
    };
    const bot = { fake: slackApi, send } as unknown as SlackBot;
    const slack = new SlackDriver(bot, () => running.core.flush());
    const press = (user: string, action: string, input?: Record<string, unknown>) =>
      slack.press(user, (b) => actIs(action)(b.intent), input);
    const approve = (user: string) => slack.press(user, (b) => b.intent.command.type === 'approve');

    const form = await slack.chooseFlow('U_ALICE', (await slack.command('U_ALICE', 'new')).modal!, 'normal');
    const created = await slack.submit('U_ALICE', form, {
      title: 'Checkout v2',
      system: 'shop',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    expect(created.answer).toContain('Created REL-1');
    await press('U_ALICE', 'submit_for_test', { build: '1.2.0' });
    await press('U_BOB', 'smoke_pass');
    await press('U_BOB', 'tests_passed');
    await press('U_BOB', 'file_test_report', { report: 'https://wiki.example/r', summary: 'green' });
    await press('U_ALICE', 'apply_for_launch', {});
    // A refusal and a stranger's command: error paths log too.
    await slack.click(
      'U_MALLORY',
      slack.screen.button('U_DAVE', (b) => b.intent.command.type === 'approve')!,
    );
    await slack.command('U_MALLORY', 'status REL-1');
    await approve('U_DAVE');
    await approve('U_BOB');
    await press('U_ALICE', 'launch_complete');
    await press('U_BOB', 'verified');
    expect(await shownStage('REL-1')).toMatch(/^Done/);
  }, 60_000);

  it('an emergency release through Feishu, end to end, with debug logging', async () => {
    const endpoint = `http://127.0.0.1:${running.port}${FEISHU_EVENTS_PATH}`;
    const post = async (payload: unknown) => {
      const res = await postToFeishuEndpoint(endpoint, SECRETS.FEISHU_ENCRYPT_KEY, payload);
      answers.push(JSON.stringify(res.body));
      expect(res.status).toBe(200);
      return res.body as { card?: { data: unknown } };
    };
    const settle = async () => {
      await running.core.flush();
      await quiet(() => feishuApi.calls.length, 200);
    };
    const base = { appId: APP_ID, token: SECRETS.FEISHU_VERIFICATION_TOKEN };
    const click = async (person: string, match: (i: ButtonIntent) => boolean, input?: object) => {
      const openId = `ou_${person}`;
      for (const message of [...feishuApi.dmsTo(openId)].reverse()) {
        const button = buttonsOf(feishuApi.latest(message)).find((b) => {
          const intent = (b.value as { intent?: ButtonIntent } | undefined)?.intent;
          return intent !== undefined && match(intent);
        });
        if (!button) continue;
        const at = { ...base, openId, messageId: message.id, chatId: message.chatId };
        const answer = await post(cardActionEvent({ ...at, value: button.value }));
        const form = answer.card?.data;
        if (form && buttonsOf(form).some((b) => b.submit))
          await post(cardActionEvent({ ...at, value: submitOf(form).value, formValue: { ...input } }));
        await settle();
        return;
      }
      throw new Error(`${person} has no such button`);
    };

    const aliceDm = p2pChatOf('ou_alice');
    await post(
      messageEvent({ ...base, openId: 'ou_alice', chatId: aliceDm, chatType: 'p2p', text: 'release new' }),
    );
    await settle();
    const [formMessage] = feishuApi.inChat(aliceDm);
    const at = { ...base, openId: 'ou_alice', messageId: formMessage!.id, chatId: aliceDm };
    const chose = await post(
      cardActionEvent({
        ...at,
        value: submitOf(feishuApi.latest(formMessage!)).value,
        formValue: { flow: 'emergency' },
      }),
    );
    await post(
      cardActionEvent({
        ...at,
        value: submitOf(chose.card!.data).value,
        formValue: {
          title: 'Payment hotfix',
          system: 'pay',
          reason_category: 'severe_bug',
          justification: 'double charges',
          tester: ['ou_bob'],
          director: 'ou_dave',
        },
      }),
    );
    await settle();
    const approve = (i: ButtonIntent) => i.command.type === 'approve';
    await click('erin', approve);
    await click('bob', actIs('tests_passed'));
    await click('bob', actIs('file_test_report'), { summary: 'core paths pass' });
    await click('dave', approve);
    await click('bob', approve);
    await click('alice', actIs('launch_complete'));
    await click('bob', actIs('verified'));
    expect(await shownStage('REL-2')).toMatch(/^Done/);
  }, 60_000);

  it('Slack and Feishu API calls failing (4xx, 5xx, rate limits) are logged with status and code only', async () => {
    const before = logLines.length;
    const releaseFrom = async (
      ctx: { platform: 'slack' | 'feishu'; userId: string; channel: string },
      n: number,
    ) => {
      const people =
        ctx.platform === 'slack'
          ? { tester: ['U_BOB'], director: 'U_DAVE' }
          : { tester: ['ou_bob'], director: 'ou_dave' };
      const made = await running.core.submit(
        ctx,
        { kind: 'new_release', flowId: 'normal' },
        { title: `Failing calls ${n}`, system: 'shop', ...people },
      );
      expect(made.ok).toBe(true);
      await running.core.flush();
    };
    const slackCtx = { platform: 'slack' as const, userId: 'U_ALICE', channel: 'C_RELEASES' };
    const feishuCtx = { platform: 'feishu' as const, userId: 'ou_alice', channel: 'oc_team' };
    const slackWrites = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.open'];
    const slackFailures = () => slackApi.calls.filter((c) => c.result?.ok === false).length;
    let n = 0;
    // Each outage lasts until Slack has failed a call; the outbox sends it again afterwards.
    for (const mode of [{ status: 400 }, { status: 500 }, { status: 503 }, {}, { retryAfterSec: 1 }]) {
      const failedBefore = slackFailures();
      slackApi.outage(slackWrites, mode);
      const released = releaseFrom({ ...slackCtx, channel: `C_FAIL${n}` }, ++n);
      await vi.waitFor(() => expect(slackFailures()).toBeGreaterThan(failedBefore), { timeout: 20_000 });
      slackApi.heal();
      await released;
    }
    const feishuWrites = (c: { path: string }) => c.path.startsWith('/open-apis/im/');
    // Each release in a channel of its own: a failed destination holds what follows it there.
    for (const failure of [
      { status: 500, code: 500, msg: 'internal error' },
      { status: 503, code: 503, msg: 'service unavailable' },
      { status: 400, code: 99991400, msg: 'request trigger frequency limit', resetSec: 1 },
      { status: 429, code: 99991400, msg: 'too many requests', resetSec: 1 },
    ]) {
      feishuApi.outage(feishuWrites, failure);
      await releaseFrom({ ...feishuCtx, channel: `oc_fail${n}` }, ++n);
      feishuApi.heal();
    }
    await running.core.flush();

    const lines = logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const failures = lines.filter((l) => l.msg === 'message delivery failed');
    const statuses = failures.map((l) => (l.err as { status?: number } | undefined)?.status);
    for (const status of [400, 500, 503]) expect(statuses).toContain(status);
    // Feishu's code and message are kept, the request is not.
    const codes = failures.map((l) => (l.err as { answer?: { code?: number } }).answer?.code);
    expect(codes).toEqual(expect.arrayContaining([500, 503]));
    // Rate limits (Slack's 429, Feishu's 400 code 99991400 and 429) hold their destination.
    const held = lines
      .filter((l) => String(l.msg).startsWith('rate-limited'))
      .map((l) => String(l.destination));
    expect(held.some((d) => d.startsWith('slack'))).toBe(true);
    expect(held.some((d) => d.startsWith('feishu'))).toBe(true);
    for (const line of failures) {
      const err = line.err as Record<string, unknown>;
      expect(
        Object.keys(err).filter(
          (k) =>
            !['type', 'message', 'code', 'stack', 'status', 'answer', 'call', 'cause', 'retryAfter'].includes(
              k,
            ),
        ),
      ).toEqual([]);
    }
    // No line the size of a card: the SDK's own lines are cut to the call, status and code.
    expect(logLines.slice(before).filter((l) => l.length > 6000)).toEqual([]);
  }, 120_000);

  it('finds no secret in any log line, Slack call, Feishu call or answer', () => {
    const secrets = Object.values(SECRETS);
    // The run logged at debug level, from both adapters and the core.
    expect(logLines.some((l) => JSON.parse(l).level === 20)).toBe(true);
    expect(logLines.some((l) => l.includes('"adapter":"slack"'))).toBe(true);
    expect(logLines.some((l) => l.includes('"platform":"feishu"'))).toBe(true);
    // The tenant token Feishu issues at run time is a secret too.
    const tenantTokens = [
      ...new Set(
        feishuApi.calls.flatMap((c) => (c.authorization ? [c.authorization.replace(/^Bearer /, '')] : [])),
      ),
    ];
    expect(tenantTokens.length).toBeGreaterThan(0);
    expect(leaks(logLines, [...secrets, ...tenantTokens])).toEqual([]);

    // Slack: the bot token only where the Web API takes it (Authorization header, or the `token`
    // argument Bolt passes to auth.test), never inside a message or any other argument.
    expect(slackApi.calls.length).toBeGreaterThan(30);
    const credentialed = slackApi.calls.filter((c) => c.token || c.args.token);
    expect(credentialed.every((c) => (c.token ?? c.args.token) === SECRETS.SLACK_BOT_TOKEN)).toBe(true);
    const withoutCredential = slackApi.calls.map(({ args: { token: _t, ...args } }) => JSON.stringify(args));
    expect(leaks(withoutCredential, secrets)).toEqual([]);

    // Feishu: the app secret only in the token request Feishu requires; the tenant token only as the header.
    const tokenRequests = feishuApi.calls.filter((c) => c.path.startsWith('/open-apis/auth/'));
    // (The canaries were really in use: the token request carried the app secret.)
    expect(tokenRequests.some((c) => JSON.stringify(c.body).includes(SECRETS.FEISHU_APP_SECRET))).toBe(true);
    const others = feishuApi.calls.filter((c) => !c.path.startsWith('/open-apis/auth/'));
    expect(others.length).toBeGreaterThan(20);
    expect(
      leaks(
        others.map((c) => JSON.stringify({ body: c.body, query: c.query })),
        [...secrets, ...tenantTokens],
      ),
    ).toEqual([]);

    // What the bot answered to the platforms' requests.
    expect(answers.length).toBeGreaterThan(20);
    expect(leaks(answers, [...secrets, ...tenantTokens])).toEqual([]);
  });
});

/** The release's stage as `/release status` shows it. */
async function shownStage(id: string): Promise<string> {
  const reply = await running.core.command({ platform: 'local', userId: 'alice' }, `status ${id}`);
  if (reply.kind !== 'message') throw new Error(`no status for ${id}: ${JSON.stringify(reply)}`);
  return reply.message.fields.find((f) => f.label === 'Stage')?.value ?? '';
}
