import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/http-mount.js';
import type { FakeSlackApi } from '../../fakes/slack-api.js';
import { type GoliveProcess, startGoliveProcess } from '../../local/support/golive-process.js';
import { testConfigInput } from '../../support/people.js';
import { SlackSender } from '../../support/slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SlackBotProcess {
  process: GoliveProcess;
  /** Signs requests to this process's /slack/events as Slack does. */
  send: SlackSender;
  port: number;
}

/** Writes the test cast's config file into `dir` (the people every Slack test uses). */
export function writeTestConfig(dir: string): string {
  const file = join(dir, 'team.yaml');
  writeFileSync(file, stringify(testConfigInput()));
  return file;
}

/**
 * `npm start` in Slack HTTP mode, as deployed: a separate process whose Web API is the fake Slack on
 * loopback, on the store `storeEnv` names (DATA_DIR's SQLite file, or MONGODB_URI + MONGODB_DB).
 * Resolves once it listens, with the port it logged.
 */
export async function startSlackBotProcess(opts: {
  fake: FakeSlackApi;
  dataDir: string;
  config: string;
  storeEnv?: Record<string, string>;
}): Promise<SlackBotProcess> {
  const process = startGoliveProcess({
    dataDir: opts.dataDir,
    config: opts.config,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: opts.fake.apiUrl,
      LOG_LEVEL: 'info',
      ...opts.storeEnv,
    },
  });
  const out = await process.waitFor('"msg":"golive started"', 0, 60_000);
  const line = out.split('\n').find((l) => l.includes('"msg":"golive started"')) ?? '';
  const port = (JSON.parse(line) as { port: number }).port;
  return {
    process,
    port,
    send: new SlackSender(`http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET),
  };
}
