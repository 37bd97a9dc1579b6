import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from '../../adapters/slack/index.js';
import { createLogger } from '../../src/log.js';
import { createHttpServer, type HttpServer } from '../../src/server/http.js';
import type { GoliveCore } from '../../src/service/api.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { SlackSender } from '../support/slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SlackBot {
  fake: FakeSlackApi;
  send: SlackSender;
  adapter: SlackAdapter;
  http: HttpServer;
  /** Every Block Kit limit breach in every call the bot made so far. */
  violations(): string[];
  stop(): Promise<void>;
}

/**
 * The bot as it runs in HTTP mode: the Slack adapter on the shared listener (127.0.0.1, any port),
 * its Web API pointed at a fake Slack, and a sender that signs requests like Slack. Given `fake` (started),
 * the bot talks to that one — the same Slack across a restart — and leaves stopping it to the caller.
 */
export async function startSlackBot(
  core: GoliveCore,
  {
    fake: given,
    mount,
    ...opts
  }: {
    answerWithinMs?: number;
    fake?: FakeSlackApi;
    /** Registers more routes on the listener before it listens (the pipeline API). */
    mount?: (http: HttpServer) => Promise<void>;
  } = {},
): Promise<SlackBot> {
  const fake = given ?? new FakeSlackApi();
  if (!given) await fake.start();
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const http = createHttpServer(logger);
  const adapter = createSlackAdapter({
    core,
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    logger,
    http,
    retries: 0,
    ...opts,
  });
  await adapter.start();
  await mount?.(http);
  const port = await http.listen(0, '127.0.0.1');
  const send = new SlackSender(`http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET);
  return {
    fake,
    send,
    adapter,
    http,
    violations: () => fake.calls.flatMap(blockKitViolations),
    async stop() {
      await adapter.stop();
      await http.close();
      if (!given) await fake.stop();
    },
  };
}
