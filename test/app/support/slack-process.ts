import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FakeSlackApi } from '../../fakes/slack-api.js';
import { testConfigInput } from '../../support/people.js';
import {
  type SlackBotProcess,
  startSlackBotProcess as startProcess,
} from '../../support/slack-bot-process.js';

export type { SlackBotProcess };

/** Writes the test cast's config file into `dir` (the people every Slack test uses). */
export function writeTestConfig(dir: string): string {
  const file = join(dir, 'team.yaml');
  writeFileSync(file, stringify(testConfigInput()));
  return file;
}

/**
 * `npm start` in Slack HTTP mode (test/support/slack-bot-process.ts) on the store `storeEnv` names
 * (DATA_DIR's SQLite file, or MONGODB_URI + MONGODB_DB).
 */
export function startSlackBotProcess(opts: {
  fake: FakeSlackApi;
  dataDir: string;
  config: string;
  storeEnv?: Record<string, string>;
}): Promise<SlackBotProcess> {
  return startProcess({
    fake: opts.fake,
    dataDir: opts.dataDir,
    config: opts.config,
    ...(opts.storeEnv ? { env: opts.storeEnv } : {}),
  });
}
