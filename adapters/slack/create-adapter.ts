import { App, HTTPReceiver, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/observability/metrics.js';
import type { HttpServer } from '../../src/server/http.js';
import { type LinkReporter, standaloneLink } from '../../src/server/readiness.js';
import type { GoliveCore } from '../../src/service/api.js';
import { outboxClientOptions, slackClientOptions } from './client-options.js';
import { registerButtons } from './handlers/buttons.js';
import { registerCommand } from './handlers/command.js';
import type { HandlerDeps } from './handlers/deps.js';
import { registerForms } from './handlers/forms.js';
import { registerHome } from './handlers/home.js';
import { mountSlackEvents, SLACK_EVENTS_PATH } from './http-mount.js';
import { slackLogger } from './log-bridge.js';
import { badRequestHandler, registerPayloadGuard } from './payload-guard.js';
import type { ReplayGuard } from './replay-guard.js';
import { openSocketMode } from './socket-link.js';
import { SocketLinkReceiver } from './socket-receiver.js';
import { createSlackSurface, type SlackSurface } from './surface.js';

export interface SlackAdapterConfig {
  core: GoliveCore;
  /** `SLACK_BOT_TOKEN` (xoxb-…). */
  botToken: string;
  /** `SLACK_SIGNING_SECRET`: verifies that HTTP requests come from Slack. */
  signingSecret: string;
  /** `SLACK_APP_TOKEN` (xapp-…): when set, Socket Mode instead of HTTP. */
  appToken?: string;
  /** `SLACK_API_URL`: Web API base URL, e.g. `http://127.0.0.1:4010/api/` for a local fake. Default Slack's. */
  apiUrl?: string;
  logger: Logger;
  /** The shared listener; HTTP mode mounts `POST /slack/events` on it. */
  http?: HttpServer;
  /** Web API retries on errors and 429s; tests use 0. Default five within five minutes. */
  retries?: number;
  /** Sends the answers to `response_url` (the delivery thread's, off this event loop). Default: from here. */
  respondFetch?: typeof fetch;
  /** Check the bot token with `auth.test` on start. Default true. */
  verifyToken?: boolean;
  /** Replay memory, injectable so tests can control its clock. */
  replayGuard?: ReplayGuard;
  /**
   * How long a command, click or submit waits for the core before it is answered with "could not
   * save in time". Default 2.5 s: inside Slack's 3 s and Bolt's own 3 s no-answer timer.
   */
  answerWithinMs?: number;
  /**
   * Socket Mode: how long a connection Slack asked to refresh stays open, once the next one is up,
   * for envelopes it still has to answer, ms. Default 3 s (Slack's ack deadline).
   */
  refreshDrainMs?: number;
  /** Where the Socket Mode connection's state is reported (`/readyz`). Default: nowhere. */
  link?: LinkReporter;
  /** Refusals and unexpected errors are counted here. */
  metrics?: Metrics;
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  readonly surface: SlackSurface;
  /** The Web API client (bot token), for start-up checks such as `users.info`. */
  readonly client: App['client'];
  /** Checks the token (`auth.test`) and, in Socket Mode, connects. Attaches the surface to the core. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack adapter: Bolt receives (HTTP on the shared listener, or Socket Mode), the handlers turn
 * commands, clicks, submits and App Home opens into core calls, and the surface lets the core post.
 */
export function createSlackAdapter(config: SlackAdapterConfig): SlackAdapter {
  const log = config.logger.child({ adapter: 'slack' });
  const logger = slackLogger(log);
  const clientOptions = slackClientOptions({
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    ...(config.retries !== undefined ? { retries: config.retries } : {}),
    ...(config.respondFetch ? { respondFetch: config.respondFetch } : {}),
  });

  let receiver: Receiver;
  let mode: SlackAdapter['mode'];
  if (config.appToken) {
    mode = 'socket';
    receiver = new SocketLinkReceiver({
      appToken: config.appToken,
      logger,
      log,
      clientOptions,
      ...(config.refreshDrainMs !== undefined ? { drainMs: config.refreshDrainMs } : {}),
    });
  } else {
    if (!config.http)
      throw new Error(
        'Slack HTTP mode needs the shared HTTP server (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    mode = 'http';
    const http = new HTTPReceiver({
      signingSecret: config.signingSecret,
      // mountSlackEvents verifies every request before it reaches the receiver.
      signatureVerification: false,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processEventErrorHandler: badRequestHandler(log),
    });
    mountSlackEvents({
      http: config.http,
      receiver: http,
      signingSecret: config.signingSecret,
      log,
      guard: config.replayGuard,
      metrics: config.metrics,
    });
    receiver = http;
  }

  const app = new App({
    receiver,
    token: config.botToken,
    logger,
    logLevel: logger.getLevel(),
    clientOptions,
    deferInitialization: true,
    // Bolt's conversation store keeps per-channel state golive never reads (the core holds all state);
    // it cost a map lookup and a context setter per request, and memory per channel.
    convoStore: false,
    tokenVerificationEnabled: config.verifyToken ?? true,
  });
  app.error(async (err) => {
    config.metrics?.unexpectedErrors.inc({ source: 'slack' });
    log.error({ err }, 'unhandled error in a slack listener');
  });

  const surface = createSlackSurface(app.client);
  // The outbox's own client: a rate limit is the outbox's to wait out, per destination, where the
  // handlers' client would pause every call (theirs and every release's messages) and retry.
  const outbox = createSlackSurface(
    new WebClient(config.botToken, { ...outboxClientOptions(clientOptions), logger }),
    log,
  );
  const deps: HandlerDeps = {
    core: config.core,
    client: app.client,
    surface,
    log,
    answerWithinMs: config.answerWithinMs ?? 2500,
  };
  registerPayloadGuard(app, log);
  registerCommand(app, deps);
  registerButtons(app, deps);
  registerForms(app, deps);
  registerHome(app, deps);

  let socket: ReturnType<typeof openSocketMode> | undefined;
  return {
    mode,
    surface,
    client: app.client,
    async start() {
      try {
        await app.init();
      } catch (err) {
        throw new Error(
          `Slack refused SLACK_BOT_TOKEN on auth.test (${err instanceof Error ? err.message : String(err)}); ` +
            'copy the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page',
          { cause: err },
        );
      }
      config.core.attach(outbox);
      // HTTP mode is served by the shared listener; only Socket Mode has a connection to open. A
      // refused app-level token is reported (log, /readyz) rather than thrown: the HTTP listener and
      // Feishu keep running, and the same happens when Slack refuses it later, on a reconnect.
      if (mode === 'socket') {
        socket = openSocketMode({
          receiver: receiver as SocketLinkReceiver,
          start: () => app.start(),
          link: config.link ?? standaloneLink(),
          log,
        });
        await socket.opened;
      }
      log.info({ mode }, 'slack adapter started');
    },
    async stop() {
      socket?.close();
      if (mode === 'socket') await app.stop();
    },
  };
}
