import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../adapters/startup/env-file.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import {
  FIXTURES,
  listeningPort,
  ROOT,
  runScript,
  startGoliveProcess,
} from '../local/support/golive-process.js';
import { SIGNING_SECRET } from '../slack/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-env-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `npm start` from another folder: the .env looked for is that folder's, as a newcomer's is their clone's.
const FROM_ELSEWHERE = [
  '--import',
  join(ROOT, 'node_modules/tsx/dist/loader.mjs'),
  join(ROOT, 'adapters/main.ts'),
];

describe('.env', () => {
  it('is parsed as Node parses it, and the environment wins over it', () => {
    const file = join(dir, 'parse.env');
    writeFileSync(file, '# comment\nA=1\nB="two words"\nexport C=3\nD=from-file\n');
    const env: NodeJS.ProcessEnv = { D: 'from-environment' };
    expect(loadEnvFile(env, file)).toEqual({ path: file, applied: ['A', 'B', 'C'], overridden: ['D'] });
    expect(env).toMatchObject({ A: '1', B: 'two words', C: '3', D: 'from-environment' });
    expect(loadEnvFile({}, join(dir, 'absent.env'))).toBeUndefined();
  });

  it('turns Slack on for npm start, and the first log lines say so, with the config and the file read', async () => {
    const fake = new FakeSlackApi();
    await fake.start();
    const cwd = mkdtempSync(join(dir, 'clone-'));
    writeFileSync(
      join(cwd, '.env'),
      [
        '# as a newcomer fills in .env.example',
        'SLACK_BOT_TOKEN=xoxb-from-dotenv',
        `SLACK_SIGNING_SECRET=${SIGNING_SECRET}`,
        `SLACK_API_URL=${fake.apiUrl}`,
        `GOLIVE_CONFIG=${join(FIXTURES, 'team.yaml')}`,
        `FLOWS_DIR=${join(ROOT, 'flows')}`,
        `DATA_DIR=${join(cwd, 'data')}`,
        // The environment's PORT (0, from the test) wins over the file's.
        'PORT=1',
      ].join('\n'),
    );
    const p = startGoliveProcess({
      cwd,
      entry: FROM_ELSEWHERE,
      env: { GOLIVE_ENV_FILE: '', LOG_LEVEL: 'info' },
    });
    try {
      const port = await listeningPort(p);
      expect(port).not.toBe(1);
      const lines = p
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.msg === 'golive started')).toMatchObject({
        slack: 'http',
        feishu: false,
        local: false,
        config: join(FIXTURES, 'team.yaml'),
        envFile: join(cwd, '.env'),
      });
      const said = lines.map((l) => String(l.msg)).find((m) => m.startsWith('golive runs with'));
      expect(said).toContain('Slack (HTTP, POST /slack/events)');
      expect(said).toContain(`settings from ${join(cwd, '.env')}`);
      expect(fake.callsTo('auth.test')[0]?.token).toBe('xoxb-from-dotenv');
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      await fake.stop();
    }
  });

  it('opens local mode when it sets no platform, and the terminal says why and which config', async () => {
    const cwd = mkdtempSync(join(dir, 'local-'));
    const run = await runScript('/quit\n', {
      cwd,
      entry: FROM_ELSEWHERE,
      dataDir: join(cwd, 'data'),
      flowsDir: join(ROOT, 'flows'),
      env: { GOLIVE_ENV_FILE: '' },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.transcript).toContain(
      `Local mode: neither SLACK_BOT_TOKEN nor FEISHU_APP_ID is set (no .env file). Config: ${join(ROOT, 'config/example.yaml')}`,
    );
  });

  it('stops with the fix when GOLIVE_ENV_FILE names a file that is not there', async () => {
    const run = await runScript('', { dataDir: join(dir, 'x'), env: { GOLIVE_ENV_FILE: 'nope.env' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GOLIVE_ENV_FILE=nope.env: no such file');
  });
});
