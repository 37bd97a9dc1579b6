import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DoctorReport, formatReport, runDoctor } from '../../adapters/doctor/run.js';
import { type FakeFeishuApi, type FakeFeishuOptions, startFakeFeishuApi } from '../fakes/feishu-api.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { ROOT } from '../local/support/golive-process.js';
import { CAST, testConfigInput } from '../support/people.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-doctor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const APP_ID = 'cli_a1b2c3d4e5f60718';
// A Wednesday, 10:00 in Shanghai: inside the default working hours.
const NOW = new Date('2026-12-02T02:00:00Z');

let slack: FakeSlackApi;
let feishu: FakeFeishuApi | undefined;
let n = 0;

/** The workspace as set up right: every member there, the announce channel public, Socket Mode on. */
beforeEach(async () => {
  slack = new FakeSlackApi();
  await slack.start();
  slack.botToken = 'xoxb-right';
  slack.members = new Set(CAST.map((id) => `U_${id.toUpperCase()}`));
  slack.channels = new Map([['C_ANNOUNCE', { private: false, botIsMember: false }]]);
  await slack.enableSocketMode('xapp-right');
});
afterEach(async () => {
  await slack.stop();
  await feishu?.close();
  feishu = undefined;
});

/** The tenant as set up right: the secret, the long connection, permissions, contact and the announce chat. */
async function rightFeishu(overrides: FakeFeishuOptions = {}) {
  feishu = await startFakeFeishuApi({
    appSecret: 'right-secret',
    longConnection: true,
    contactUsers: new Set(CAST.map((id) => `ou_${id}`)),
    chats: new Map([['oc_announce', true]]),
    ...overrides,
  });
  return feishu;
}

function configFile(overrides: Record<string, unknown> = {}): string {
  const file = join(dir, `team-${++n}.json`);
  writeFileSync(file, JSON.stringify(testConfigInput(overrides)));
  return file;
}

async function doctor(env: Record<string, string>, configPath: string | undefined = configFile()) {
  const report = await runDoctor(
    { DATA_DIR: join(dir, `data-${++n}`), FLOWS_DIR: join(ROOT, 'flows'), ...env },
    { locale: 'en', configPath, now: NOW },
  );
  return report;
}

const slackEnv = (over: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: 'xoxb-right',
  SLACK_APP_TOKEN: 'xapp-right',
  SLACK_API_URL: slack.apiUrl,
  ...over,
});
const feishuEnv = (over: Record<string, string> = {}) => ({
  FEISHU_APP_ID: APP_ID,
  FEISHU_APP_SECRET: 'right-secret',
  FEISHU_DOMAIN: feishu?.url ?? '',
  ...over,
});

const statuses = (r: DoctorReport) => Object.fromEntries(r.results.map((x) => [x.name, x.status]));
/** The one failed line of a report, which must be the only one. */
function onlyFailure(r: DoctorReport) {
  const failed = r.results.filter((x) => x.status === 'fail');
  expect(failed, formatReport(r, 'en')).toHaveLength(1);
  return failed[0]!;
}

describe('npm run doctor against the fake platforms', () => {
  it('passes every check of a set-up that is right', async () => {
    await rightFeishu();
    const r = await doctor({ ...slackEnv(), ...feishuEnv() });
    expect(statuses(r)).toEqual({
      'config file': 'ok',
      'working hours': 'ok',
      'data store': 'ok',
      'Slack token': 'ok',
      'Slack scopes': 'ok',
      'Slack connection': 'ok',
      'Slack announce channel': 'ok',
      'Slack people': 'ok',
      'Feishu credentials': 'ok',
      'Feishu permissions': 'ok',
      'Feishu connection': 'ok',
      'Feishu announce chat': 'ok',
      'Feishu people': 'ok',
    });
    expect(r.failed).toBe(0);
    const text = formatReport(r, 'en');
    expect(text).toContain('valid for workspace "Golive Test" as @golive');
    expect(text).toContain('all 8 configured people found');
    expect(text).toContain('it is Wed 10:00 there (inside working hours)');
    // The announce check leaves nothing behind: the scheduled message is deleted at once.
    expect(slack.callsTo('chat.deleteScheduledMessage')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    // No socket was opened: a running golive's events stay with it.
    expect(slack.socketConnections()).toBe(0);
    expect(feishu?.longConnections()).toBe(0);
  });

  it('fails the config check on a config golive cannot read', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'timezone: Mars/Olympus\n');
    const failed = onlyFailure(await doctor(slackEnv(), file));
    expect(failed.name).toBe('config file');
    expect(failed.text).toContain('unknown time zone "Mars/Olympus"');
  });

  it('fails the working-hours check on a working day shorter than an hour', async () => {
    const failed = onlyFailure(
      await doctor(
        slackEnv(),
        configFile({ workingHours: { start: '09:00', end: '09:30', days: [1, 2, 3, 4, 5] } }),
      ),
    );
    expect(failed.name).toBe('working hours');
    expect(failed.text).toContain('30 minutes');
    expect(failed.fix).toContain('workingHours.start');
  });

  it('warns when the holiday calendar ends within 60 days, and says how long it lasts otherwise', async () => {
    // NOW is 2 Dec 2026: the shipped mainland China calendar ends on 31 Dec.
    const r = await doctor(slackEnv(), configFile({ holidays: 'cn-2026' }));
    const line = r.results.find((x) => x.name === 'holiday calendar');
    expect(line).toMatchObject({
      status: 'warn',
      text: 'Mainland China holidays 2026 ends on 31 Dec 2026 (29 days left): after it, reminders count weekdays only',
    });
    expect(line?.fix).toContain('calendars/cn-2027.yaml');
    expect(r.failed).toBe(0);
    const early = await runDoctor(
      { DATA_DIR: join(dir, `data-${++n}`), FLOWS_DIR: join(ROOT, 'flows'), ...slackEnv() },
      {
        locale: 'zh-CN',
        configPath: configFile({ holidays: 'cn-2026' }),
        now: new Date('2026-06-01T02:00:00Z'),
      },
    );
    expect(early.results.find((x) => x.name === '节假日日历')).toMatchObject({
      status: 'ok',
      text: '中国大陆 2026 年节假日，到 2026年12月31日 为止（还有 213 天）',
    });
  });

  it('fails the webhooks check while a secret the config names is unset, without printing any secret', async () => {
    const teams = [
      {
        id: 'payments',
        name: { 'zh-CN': '支付组', en: 'Payments' },
        members: ['alice'],
        webhooks: [
          { id: 'ci', url: 'https://ci.example/h', events: ['done'], secretEnv: 'HOOK_CI' },
          { id: 'chat', url: 'https://chat.example/h', events: ['launched'], secretEnv: 'HOOK_CHAT' },
        ],
      },
    ];
    const failed = onlyFailure(await doctor(slackEnv({ HOOK_CI: 'whsec-ci-value' }), configFile({ teams })));
    expect(failed).toMatchObject({
      name: 'webhooks',
      text: 'signing secret not set: HOOK_CHAT (chat); golive will not start',
    });
    expect(failed.fix).toContain('openssl rand -hex 32');
    const all = await doctor(
      slackEnv({ HOOK_CI: 'whsec-ci-value', HOOK_CHAT: 'whsec-chat' }),
      configFile({ teams }),
    );
    expect(all.results.find((x) => x.name === 'webhooks')).toMatchObject({
      status: 'ok',
      text: '2 webhook(s) (ci, chat), every signing secret set',
    });
    expect(JSON.stringify(all)).not.toContain('whsec-ci-value');
  });

  it('fails the store check when DATA_DIR cannot be written', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const failed = onlyFailure(await doctor({ ...slackEnv(), DATA_DIR: join(file, 'data') }));
    expect(failed.name).toBe('data store');
    expect(failed.fix).toContain('DATA_DIR');
  });

  it('fails the store check when MongoDB does not answer, without printing credentials', async () => {
    const failed = onlyFailure(
      await doctor({ ...slackEnv(), MONGODB_URI: 'mongodb://golive:s3cret@127.0.0.1:1/' }),
    );
    expect(failed.name).toBe('data store');
    expect(failed.text).toContain('MongoDB 127.0.0.1:1');
    expect(JSON.stringify(failed)).not.toContain('s3cret');
  });

  it('fails the Slack token check on a token Slack refuses', async () => {
    const r = await doctor(slackEnv({ SLACK_BOT_TOKEN: 'xoxb-revoked' }));
    const failed = onlyFailure(r);
    expect(failed.name).toBe('Slack token');
    expect(failed.text).toContain('invalid_auth');
    expect(failed.fix).toContain('Bot User OAuth Token');
  });

  it('fails the Slack scopes check on a token without a scope golive calls for', async () => {
    slack.scopes = ['commands', 'chat:write', 'chat:write.public', 'im:write'];
    const failed = onlyFailure(await doctor(slackEnv()));
    expect(failed.name).toBe('Slack scopes');
    expect(failed.text).toBe('missing scopes: users:read');
  });

  it('warns that a lost status card cannot be adopted on a token without channels:history / groups:history', async () => {
    slack.scopes = slack.scopes.filter((x) => !x.endsWith(':history'));
    const r = await doctor(slackEnv());
    const scopes = r.results.find((c) => c.name === 'Slack scopes');
    expect(scopes?.status).toBe('warn');
    expect(scopes?.text).toContain('no channels:history, groups:history');
    expect(scopes?.fix).toContain('reinstall');
  });

  it('fails the Slack connection check on an app-level token Slack refuses', async () => {
    const failed = onlyFailure(await doctor(slackEnv({ SLACK_APP_TOKEN: 'xapp-wrong' })));
    expect(failed.name).toBe('Slack connection');
    expect(failed.text).toContain('invalid_auth');
    expect(failed.fix).toContain('connections:write');
  });

  it('fails the Slack announce check on a channel that is not there, or private without the bot', async () => {
    slack.channels = new Map();
    let failed = onlyFailure(await doctor(slackEnv()));
    expect(failed.name).toBe('Slack announce channel');
    expect(failed.text).toContain('channel_not_found');
    slack.channels = new Map([['C_ANNOUNCE', { private: true, botIsMember: false }]]);
    failed = onlyFailure(await doctor(slackEnv()));
    expect(failed.fix).toBe('type /invite @golive in that channel');
  });

  it('fails the Slack people check naming whom Slack does not know', async () => {
    slack.members?.delete('U_DAVE');
    const failed = onlyFailure(await doctor(slackEnv()));
    expect(failed.name).toBe('Slack people');
    expect(failed.text).toBe(
      '1 not found: Dave (dave: U_DAVE, no such member in this workspace (user_not_found))',
    );
    expect(failed.fix).toContain('Copy member ID');
  });

  it('fails the Feishu credentials check on a wrong App Secret', async () => {
    await rightFeishu();
    const failed = onlyFailure(await doctor(feishuEnv({ FEISHU_APP_SECRET: 'wrong' })));
    expect(failed.name).toBe('Feishu credentials');
    expect(failed.text).toContain('code 10014');
  });

  it('fails the Feishu permissions check on a permission the tenant has not granted', async () => {
    await rightFeishu({ scopes: ['im:message', 'im:message:send_as_bot', 'im:message.p2p_msg:readonly'] });
    const failed = onlyFailure(await doctor(feishuEnv()));
    expect(failed.name).toBe('Feishu permissions');
    expect(failed.text).toBe('not granted: im:message.group_at_msg:readonly');
    expect(failed.fix).toContain('publish a new version');
  });

  it('fails the Feishu connection check when the long connection is refused', async () => {
    await rightFeishu({ longConnection: false });
    const failed = onlyFailure(await doctor(feishuEnv()));
    expect(failed.name).toBe('Feishu connection');
    expect(failed.text).toContain('code 403');
  });

  it('fails the Feishu announce check when the bot is not in the chat, and only warns when it may not ask', async () => {
    await rightFeishu({ chats: new Map([['oc_announce', false]]) });
    const failed = onlyFailure(await doctor(feishuEnv()));
    expect(failed.name).toBe('Feishu announce chat');
    expect(failed.fix).toContain('群机器人');
    await feishu?.close();
    await rightFeishu({ chats: undefined });
    const r = await doctor(feishuEnv());
    expect(r.failed).toBe(0);
    expect(statuses(r)['Feishu announce chat']).toBe('warn');
  });

  it('fails the Feishu people check naming whom Feishu does not know', async () => {
    await rightFeishu({ contactUsers: new Set(CAST.filter((id) => id !== 'erin').map((id) => `ou_${id}`)) });
    const failed = onlyFailure(await doctor(feishuEnv()));
    expect(failed.name).toBe('Feishu people');
    expect(failed.text).toContain('Erin (erin: ou_erin');
    expect(failed.fix).toContain('open_id');
  });

  it('fails when no platform is configured, and on the example config with a real platform', async () => {
    const failed = onlyFailure(await doctor({}));
    expect(failed.name).toBe('chat platforms');
    const { EXAMPLE_CONFIG } = await import('../../adapters/startup/example-config.js');
    slack.members = undefined;
    const r = await doctor(slackEnv(), EXAMPLE_CONFIG);
    expect(r.results[0]).toMatchObject({ name: 'config file', status: 'fail' });
    expect(r.results[0]?.text).toContain('placeholders');
  });
});

describe('npm run doctor, the command', () => {
  const run = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'adapters/doctor/main.ts', '--lang', 'zh-CN'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', GOLIVE_ENV_FILE: 'off', FLOWS_DIR: join(ROOT, 'flows'), ...env },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );

  it('prints a line per check in the chosen language and exits 1 on a failure, 0 without', async () => {
    const bad = await run({
      ...slackEnv({ SLACK_BOT_TOKEN: 'xoxb-revoked' }),
      DATA_DIR: join(dir, 'cli'),
      GOLIVE_CONFIG: configFile(),
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✘ Slack 令牌');
    expect(bad.stdout).toContain('→ 处理：');
    const good = await run({ ...slackEnv(), DATA_DIR: join(dir, 'cli'), GOLIVE_CONFIG: configFile() });
    expect(good.stdout).toContain('✔ Slack 人员');
    expect(good.code).toBe(0);
  }, 60_000);
});
