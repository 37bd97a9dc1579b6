import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningGolive, startGolive } from '../../../adapters/app.js';
import { readEnv } from '../../../src/config/env.js';
import { createLogger } from '../../../src/log.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { slashCommand } from '../../slack/payloads.js';
import { freePort } from '../../support/free-port.js';
import { SlackSender } from '../../support/slack-signing.js';
import { boardConfigInput } from './seed.js';

const SIGNING_SECRET = 'board-test-signing-secret-0123456789';

export interface BoardApp {
  running: RunningGolive;
  base: string;
  fake: FakeSlackApi;
  dataDir: string;
  /** Types `/release board` in Slack as a user and returns the sign-in link golive sent in a DM. */
  linkFor(slackUser: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * golive as it runs for real with Slack in HTTP mode (a fake Slack Web API on loopback) and the board on
 * its listener at PUBLIC_URL. `dataDir` may already hold releases (seed.ts); MONGODB_URI, when given, is
 * the store instead.
 */
export async function startBoardApp(opts: {
  dataDir?: string;
  now: Date;
  mongo?: { uri: string; db: string };
  /** Config fields over the board tests' team (seed.ts). */
  config?: Record<string, unknown>;
}): Promise<BoardApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'golive-board-'));
  const configFile = join(dataDir, 'team.json');
  writeFileSync(configFile, JSON.stringify({ ...boardConfigInput(opts.now), ...opts.config }));
  const fake = new FakeSlackApi();
  await fake.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = readEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    GOLIVE_CONFIG: configFile,
    PUBLIC_URL: base,
    SCHEDULER_POLL_MS: '1000',
    ...(opts.mongo ? { MONGODB_URI: opts.mongo.uri, MONGODB_DB: opts.mongo.db } : {}),
  });
  const running = await startGolive(env, createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    SLACK_BOT_TOKEN: 'xoxb-board-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  const send = new SlackSender(`${base}/slack/events`, SIGNING_SECRET);
  let n = 0;
  return {
    running,
    base,
    fake,
    dataDir,
    async linkFor(slackUser) {
      const before = fake.calls.length;
      const res = await send.command(
        slashCommand({
          user: slackUser,
          text: 'board',
          channel: 'C_RELEASES',
          responseUrl: fake.responseUrl(`${slackUser}:${++n}`),
        }),
      );
      if (res.status !== 200) throw new Error(`/release board answered ${res.status}`);
      // The DM may follow the command's answer when the store is slow (the answer then says so).
      for (let waited = 0; waited < 60_000; waited += 100) {
        // Other DMs (an action card delivered late) may come first: look at each.
        const link = fake.calls
          .slice(before)
          .filter((c) => c.method === 'chat.postMessage' && String(c.args.channel) === `D_${slackUser}`)
          .map(
            (dm) =>
              JSON.stringify(dm.args).match(/https?:\/\/[^\s"|>]+\/board\/sign-in\/[A-Za-z0-9_-]+/)?.[0],
          )
          .find(Boolean);
        if (link) return link;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seen = fake.calls.slice(before).map((c) => `${c.method} ${JSON.stringify(c.args).slice(0, 300)}`);
      throw new Error(`no sign-in link in a DM to ${slackUser}; Slack saw:\n${seen.join('\n')}`);
    },
    async stop() {
      await running.stop();
      await fake.stop();
    },
  };
}
