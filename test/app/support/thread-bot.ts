import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningGolive, startGolive } from '../../../adapters/app.js';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/index.js';
import { readEnv } from '../../../src/config/env.js';
import { createLogger } from '../../../src/log.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { SIGNING_SECRET } from '../../slack/harness.js';
import { SlackDriver } from '../../slack/slack-driver.js';
import { testConfig } from '../../support/people.js';
import { SlackSender } from '../../support/slack-signing.js';
import { memoryLog } from './golive-in-memory.js';

/** What the bot sends from its outbox (the messages the delivery thread sends). */
export const OUTBOX_METHODS = ['chat.postMessage', 'chat.update', 'conversations.open'];

/** golive as deployed with Slack on the embedded store and `DELIVERY=thread`, with its log kept in memory. */
export interface ThreadBot {
  fake: FakeSlackApi;
  running: RunningGolive;
  logLines: Record<string, unknown>[];
  /** A user driving the bot over signed HTTP; `settle` is what the driver awaits after each step. */
  driver(settle: () => Promise<void>, timeoutMs: number): SlackDriver;
  /** Removes the bot's data folder (after the bot and the fake are stopped). */
  removeData(): void;
}

/**
 * `extraEnv`: golive's own variables besides the test's; `config`: overrides of the cast's config;
 * `secrets`: variables the config names (webhook secrets), set beside the platform's.
 */
export async function startThreadBot(
  extraEnv: Record<string, string> = {},
  config: Record<string, unknown> = {},
  secrets: Record<string, string> = {},
): Promise<ThreadBot> {
  const fake = new FakeSlackApi();
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'golive-thread-'));
  const configFile = join(dir, 'golive.json');
  writeFileSync(configFile, JSON.stringify(testConfig(config)));
  const { logLines, memory } = memoryLog();
  const env = readEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    GOLIVE_CONFIG: configFile,
    DELIVERY: 'thread',
    ...extraEnv,
  });
  const platformEnv = {
    SLACK_BOT_TOKEN: 'xoxb-thread-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...secrets,
  };
  const running = await startGolive(
    env,
    createLogger({ level: 'info', destination: memory }),
    platformEnv,
  ).catch(async (err: unknown) => {
    // A start refused (a config error under test) leaves nothing running behind it.
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    fake,
    running,
    logLines,
    driver(settle, timeoutMs) {
      const send = new SlackSender(`http://127.0.0.1:${running.port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET);
      return new SlackDriver({ fake, send }, settle, timeoutMs);
    },
    removeData: () => rmSync(dir, { recursive: true, force: true }),
  };
}
