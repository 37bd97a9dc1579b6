import { afterEach, describe, expect, it, vi } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/index.js';
import { type FakeFeishuApi, startFakeFeishuApi } from '../fakes/feishu-api.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { SIGNING_SECRET } from '../slack/harness.js';
import { slashCommand } from '../slack/payloads.js';
import { CAST } from '../support/people.js';
import { SlackSender } from '../support/slack-signing.js';
import { type GoliveInMemory, startGoliveInMemory } from './support/golive-in-memory.js';

const WAIT = { timeout: 20_000, interval: 50 };
// The SDK refuses an App ID that is not cli_ + 16 hex digits before it connects at all.
const APP_ID = 'cli_a1b2c3d4e5f60718';

let bot: GoliveInMemory | undefined;
let slack: FakeSlackApi | undefined;
let feishu: FakeFeishuApi | undefined;
afterEach(async () => {
  await bot?.stop();
  await slack?.stop();
  await feishu?.close();
  bot = slack = feishu = undefined;
});

async function fakeSlack(): Promise<FakeSlackApi> {
  slack = new FakeSlackApi();
  await slack.start();
  await slack.enableSocketMode('xapp-1-right');
  return slack;
}

describe('/readyz and the platform connections', () => {
  it('is ready once Slack Socket Mode is connected, and says so', async () => {
    const fake = await fakeSlack();
    bot = await startGoliveInMemory({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-1-right',
      SLACK_API_URL: fake.apiUrl,
    });
    expect(fake.socketConnections()).toBe(1);
    expect(await bot.get('/readyz')).toEqual({
      status: 200,
      body: expect.objectContaining({ ready: true, links: { slack: { state: 'connected' } } }),
    });
  });

  it('is not ready, and the log says what to fix, when Slack refuses the app-level token', async () => {
    const fake = await fakeSlack();
    bot = await startGoliveInMemory({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-1-revoked',
      SLACK_API_URL: fake.apiUrl,
    });
    const { status, body } = await bot.get('/readyz');
    expect(status).toBe(503);
    expect(body).toMatchObject({ ready: false, store: { ok: true }, links: { slack: { state: 'failed' } } });
    const problem = (body as { links: { slack: { problem: string } } }).links.slack.problem;
    expect(problem).toContain('invalid_auth');
    expect(problem).toContain('SLACK_APP_TOKEN');
    expect(problem).toContain('connections:write');
    expect(bot.warnings()).toContainEqual(
      expect.stringMatching(/^slack socket mode cannot connect: .*SLACK_APP_TOKEN/),
    );
    expect(fake.socketConnections()).toBe(0);
    // The process keeps serving: liveness is fine, and the HTTP listener answers.
    expect((await bot.get('/healthz')).status).toBe(200);
  });

  it('is ready once the Feishu long connection is up', async () => {
    feishu = await startFakeFeishuApi({ appSecret: 'right-secret', longConnection: true });
    bot = await startGoliveInMemory({
      FEISHU_APP_ID: APP_ID,
      FEISHU_APP_SECRET: 'right-secret',
      FEISHU_DOMAIN: feishu.url,
    });
    // The SDK's start returns before it connects: its onReady moves /readyz to ready.
    await vi.waitFor(async () => expect((await bot!.get('/readyz')).status).toBe(200), WAIT);
    expect((await bot.get('/readyz')).body).toMatchObject({ links: { feishu: { state: 'connected' } } });
    expect(feishu.longConnections()).toBe(1);
    expect(bot.logLines.map((l) => l.msg)).toContain('feishu long connection ready');
  });

  it('is not ready, and the log says what to fix, after a wrong Feishu App Secret (code 514)', async () => {
    feishu = await startFakeFeishuApi({ appSecret: 'right-secret', longConnection: true });
    bot = await startGoliveInMemory({
      FEISHU_APP_ID: APP_ID,
      FEISHU_APP_SECRET: 'wrong-secret',
      FEISHU_DOMAIN: feishu.url,
    });
    await vi.waitFor(async () => {
      const { status, body } = await bot!.get('/readyz');
      expect(status).toBe(503);
      expect(body).toMatchObject({ links: { feishu: { state: 'failed' } } });
    }, WAIT);
    const { body } = await bot.get('/readyz');
    const problem = (body as { links: { feishu: { problem: string } } }).links.feishu.problem;
    expect(problem).toContain('code 514');
    expect(problem).toContain('FEISHU_APP_SECRET');
    expect(bot.warnings()).toContainEqual(
      expect.stringMatching(/^feishu long connection cannot connect: .*FEISHU_APP_SECRET/),
    );
    expect(feishu.longConnections()).toBe(0);
  });

  it('says at once that an App ID the SDK would refuse silently is wrong', async () => {
    feishu = await startFakeFeishuApi({ longConnection: true });
    bot = await startGoliveInMemory({
      FEISHU_APP_ID: 'cli_not_an_app_id',
      FEISHU_APP_SECRET: 'secret',
      FEISHU_DOMAIN: feishu.url,
    });
    const { status, body } = await bot.get('/readyz');
    expect(status).toBe(503);
    expect(body).toMatchObject({ links: { feishu: { state: 'failed' } } });
    expect(JSON.stringify(body)).toContain('16 hex digits');
  });
});

describe('start-up warnings', () => {
  it('names configured people Slack does not know, and how to find their member id', async () => {
    slack = new FakeSlackApi();
    await slack.start();
    // Everyone of the test cast but Dave is a member of this workspace.
    slack.members = new Set(CAST.filter((id) => id !== 'dave').map((id) => `U_${id.toUpperCase()}`));
    bot = await startGoliveInMemory({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    await bot.running.setupChecked;
    const unknown = bot.warnings().filter((w) => w.includes('does not know'));
    expect(unknown).toEqual([expect.stringContaining('Dave (dave) has slack id U_DAVE')]);
    expect(unknown[0]).toContain('Copy member ID');
    expect(slack.callsTo('users.info').map((c) => c.args.user)).toContain('U_DAVE');
  });

  it('warns loudly when the example config is used with a real platform', async () => {
    slack = new FakeSlackApi();
    await slack.start();
    slack.members = new Set();
    const { EXAMPLE_CONFIG } = await import('../../adapters/startup/example-config.js');
    bot = await startGoliveInMemory(
      { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
      { config: EXAMPLE_CONFIG },
    );
    await bot.running.setupChecked;
    expect(bot.warnings()).toContainEqual(expect.stringContaining('uses config/example.yaml'));
    // And every placeholder person is named.
    expect(bot.warnings().filter((w) => w.includes('does not know'))).toHaveLength(6);
  });

  it('says that Feishu ids cannot be checked without a contact permission, and checks them with it', async () => {
    // Webhook mode: these checks need no long connection.
    const webhookBot = (url: string) =>
      startGoliveInMemory({
        FEISHU_APP_ID: APP_ID,
        FEISHU_APP_SECRET: 'secret',
        FEISHU_MODE: 'webhook',
        FEISHU_ENCRYPT_KEY: 'key',
        FEISHU_DOMAIN: url,
      });
    feishu = await startFakeFeishuApi();
    bot = await webhookBot(feishu.url);
    await bot.running.setupChecked;
    expect(bot.logLines.map((l) => String(l.msg))).toContainEqual(
      expect.stringContaining('configured feishu ids are not checked'),
    );
    await bot.stop();
    await feishu.close();

    feishu = await startFakeFeishuApi({ contactUsers: new Set(['ou_alice', 'ou_bob']) });
    bot = await webhookBot(feishu.url);
    await bot.running.setupChecked;
    const unknown = bot.warnings().filter((w) => w.includes('does not know'));
    expect(unknown).toContainEqual(expect.stringContaining('Dave (dave) has feishu id ou_dave'));
    expect(unknown.join('\n')).not.toContain('ou_alice');
    expect(unknown[0]).toContain('open_id');
  });
});

describe('someone the config does not list', () => {
  it('is logged with their platform and id when they first write, once', async () => {
    slack = new FakeSlackApi();
    await slack.start();
    bot = await startGoliveInMemory({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    const send = new SlackSender(`http://127.0.0.1:${bot.running.port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET);
    for (const user of ['U_STRANGER', 'U_STRANGER', 'U_ALICE']) {
      const res = await send.command(
        slashCommand({ user, text: 'help', responseUrl: slack.responseUrl(`r-${user}`) }),
      );
      expect(res.status).toBe(200);
    }
    const lines = bot.logLines.filter((l) => String(l.msg).startsWith('someone the config does not list'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ platform: 'slack', userId: 'U_STRANGER' });
    expect(String(lines[0]?.msg)).toContain('slack: U_STRANGER');
  });
});
