import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { createLogger } from '../../src/log.js';
import type { GoliveCore } from '../../src/service/api.js';
import type { ReleaseStore } from '../../src/store/port.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import type { Envelope, EnvelopeType, FakeSlackSocket, SocketAck } from '../fakes/slack-socket.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { createTestCore, type TestCore } from '../support/core.js';
import type { SendOptions, SentRequest } from '../support/slack-signing.js';
import { stopAfterEach } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

const APP_TOKEN = 'xapp-1-socket-test';

/** One log line the bot wrote, parsed. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/**
 * Delivers what a person does as Socket Mode envelopes, the way Slack does, and answers like the
 * HTTP sender: status 200 once the envelope is acknowledged, with the ack's payload as the body
 * (empty for a plain ack). The envelope each delivery went out in is kept, for redeliveries.
 */
export class SocketSender {
  readonly sent: Envelope[] = [];

  constructor(private readonly socket: FakeSlackSocket) {}

  command(fields: Record<string, string>, opts?: SendOptions): Promise<SentRequest> {
    return this.deliver('slash_commands', fields, opts);
  }

  interaction(payload: unknown, opts?: SendOptions): Promise<SentRequest> {
    return this.deliver('interactive', payload as Record<string, unknown>, opts);
  }

  event(envelope: unknown, opts?: SendOptions): Promise<SentRequest> {
    return this.deliver('events_api', envelope as Record<string, unknown>, opts);
  }

  /** The last envelope delivered. */
  last(): Envelope {
    const envelope = this.sent.at(-1);
    if (!envelope) throw new Error('nothing was delivered yet');
    return envelope;
  }

  private async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts: SendOptions = {},
  ): Promise<SentRequest> {
    const envelope = this.socket.deliver(
      type,
      payload,
      opts.retry ? { retry: { attempt: opts.retry.num, reason: opts.retry.reason } } : {},
    );
    this.sent.push(envelope);
    return asResponse(await this.socket.acked(envelope.envelope_id));
  }
}

/** An ack read as the HTTP answer it stands for: a plain ack is an empty 200. */
export function asResponse(ack: SocketAck): SentRequest {
  const payload = ack.payload && Object.keys(ack.payload).length > 0 ? ack.payload : undefined;
  return { status: 200, body: payload ? JSON.stringify(payload) : '' };
}

export interface SlackSocketBot {
  fake: FakeSlackApi;
  socket: FakeSlackSocket;
  send: SocketSender;
  adapter: SlackAdapter;
  /** Every log line, parsed (warn and above unless TEST_LOG_LEVEL says lower). */
  logs: LogLine[];
  violations(): string[];
  stop(): Promise<void>;
}

/**
 * The bot as it runs in Socket Mode: the Slack adapter with an app-level token, its Web API and its
 * Socket Mode endpoint both local fakes; it has connected (Slack's `hello`) when this resolves.
 */
export async function startSlackSocketBot(
  core: GoliveCore,
  opts: { answerWithinMs?: number; refreshDrainMs?: number } = {},
): Promise<SlackSocketBot> {
  const fake = new FakeSlackApi();
  await fake.start();
  const socket = await fake.enableSocketMode(APP_TOKEN);
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: process.env.TEST_LOG_LEVEL ?? 'warn',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
  });
  const adapter = createSlackAdapter({
    core,
    botToken: 'xoxb-test-token',
    signingSecret: '',
    appToken: APP_TOKEN,
    apiUrl: fake.apiUrl,
    logger,
    retries: 0,
    ...opts,
  });
  await adapter.start();
  return {
    fake,
    socket,
    send: new SocketSender(socket),
    adapter,
    logs,
    violations: () => fake.calls.flatMap(blockKitViolations),
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

/** The real core (test clock) behind the bot in Socket Mode, and a person's hands. */
export interface SlackSocketScenario {
  t: TestCore;
  bot: SlackSocketBot;
  slack: SlackDriver;
}

/**
 * For one test file: `start()` builds a Socket Mode scenario for the running test (on `store` when
 * given), and every scenario started is stopped after its test.
 */
export function slackSocketScenarios(): {
  start(opts?: {
    store?: ReleaseStore;
    answerWithinMs?: number;
    refreshDrainMs?: number;
  }): Promise<SlackSocketScenario>;
} {
  const running = stopAfterEach<SlackSocketScenario>();
  return {
    async start({ store, ...opts } = {}) {
      const t = await createTestCore({
        platform: 'slack',
        attachSurface: false,
        ...(store ? { store } : {}),
      });
      const bot = await startSlackSocketBot(t.core, opts);
      return running({ t, bot, slack: new SlackDriver(bot, () => t.core.flush()) });
    },
  };
}
