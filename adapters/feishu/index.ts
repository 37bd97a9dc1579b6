import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/observability/metrics.js';
import type { ChatSurface } from '../../src/platform/port.js';
import type { HttpServer } from '../../src/server/http.js';
import { type LinkReporter, standaloneLink } from '../../src/server/readiness.js';
import type { GoliveCore } from '../../src/service/api.js';
import { Background } from './background.js';
import { type CardActionEvent, onCardAction } from './card-actions.js';
import type { FeishuMode } from './config.js';
import { resolveDomain } from './domain.js';
import { eventAnswerer } from './event-answer.js';
import type { HandlerDeps } from './handler-deps.js';
import { type MenuEvent, type MessageEvent, onMenu, onMessage } from './message-events.js';
import { FeishuMessenger } from './messenger.js';
import { PrivateChats } from './private-chats.js';
import { RecentIds } from './recent-ids.js';
import { sdkLogger } from './sdk-logger.js';
import { ShownForms } from './shown-forms.js';
import { createFeishuSurface } from './surface.js';
import { TokenCache } from './token-cache.js';
import { feishuWebhook } from './webhook.js';
import { appIdProblem, longConnectionLink } from './ws-link.js';

export const FEISHU_EVENTS_PATH = '/feishu/events';

/** The long-connection client, as far as golive uses it (tests hand in a fake). */
export interface WsClientLike {
  start(params: { eventDispatcher: lark.EventDispatcher }): Promise<void>;
  close(params?: { force?: boolean }): void;
}

export interface FeishuAdapterConfig {
  core: GoliveCore;
  appId: string;
  appSecret: string;
  /** Required in webhook mode: events arrive encrypted and signed with it. */
  encryptKey?: string;
  verificationToken?: string;
  /** `feishu`, `lark`, or a base URL (tests: a local fake open API). Default `feishu`. */
  domain?: string;
  /** `ws` (long connection, default) or `webhook` (`POST /feishu/events` on the shared listener). */
  mode?: FeishuMode;
  logger: Logger;
  /** The shared listener; required in webhook mode. */
  http?: HttpServer;
  /** How long a card callback waits for the core before answering "working on it". Default 2500 ms. */
  answerWithinMs?: number;
  /** Clock for the webhook's timestamp check, in ms. */
  now?: () => number;
  createWsClient?: (params: ConstructorParameters<typeof lark.WSClient>[0]) => WsClientLike;
  /** Where the long connection's state is reported (`/readyz`). Default: nowhere. */
  link?: LinkReporter;
  /** Refusals are counted here. */
  metrics?: Metrics;
}

export interface FeishuAdapter {
  readonly surface: ChatSurface;
  /** The open API client (tenant token), for start-up checks. */
  readonly client: lark.Client;
  readonly dispatcher: lark.EventDispatcher;
  /** Opens the long connection (ws mode); webhook mode is live once the listener listens. */
  start(): Promise<void>;
  /** Closes the long connection and waits for work still running. */
  stop(): Promise<void>;
  /** Resolves when work started by earlier events has finished. */
  idle(): Promise<void>;
}

/**
 * Feishu/Lark for golive: translates events and card callbacks into core calls and renders the
 * core's messages as cards. Holds no release logic.
 */
export function createFeishuAdapter(config: FeishuAdapterConfig): FeishuAdapter {
  const mode = config.mode ?? 'ws';
  const log = config.logger.child({ platform: 'feishu' });
  if (!config.appId || !config.appSecret) {
    throw new Error('Feishu needs FEISHU_APP_ID and FEISHU_APP_SECRET (developer console → Credentials)');
  }
  if (mode === 'webhook' && !config.encryptKey) {
    throw new Error(
      'Feishu webhook mode needs FEISHU_ENCRYPT_KEY (developer console → Events and Callbacks → Encryption), ' +
        'or use FEISHU_MODE=ws (long connection)',
    );
  }
  if (mode === 'webhook' && !config.http) throw new Error('Feishu webhook mode needs the shared HTTP server');
  const domain = resolveDomain(config.domain ?? 'feishu');
  const sdkLog = sdkLogger(log);
  // The SDK logs at warn unless golive runs at debug (its lines are scrubbed of secrets either way).
  const sdkLevel = log.isLevelEnabled('debug') ? lark.LoggerLevel.debug : lark.LoggerLevel.warn;
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain,
    cache: new TokenCache(),
    logger: sdkLog,
    loggerLevel: sdkLevel,
  });
  const messenger = new FeishuMessenger(client);
  const privateChats = new PrivateChats();
  const surface = createFeishuSurface({
    messenger,
    privateChats,
    localeFor: (userId) => (userId ? config.core.localeFor('feishu', userId) : config.core.config.locale),
  });
  const deps: HandlerDeps = {
    core: config.core,
    messenger,
    recent: new RecentIds(),
    background: new Background(),
    privateChats,
    shownForms: new ShownForms(),
    log,
    answerWithinMs: config.answerWithinMs ?? 2500,
  };
  const answer = eventAnswerer(deps.background, deps.answerWithinMs);
  const dispatcher = new lark.EventDispatcher({
    logger: sdkLog,
    loggerLevel: sdkLevel,
  }).register({
    'im.message.receive_v1': (data) =>
      answer((data as MessageEvent).event_id, () => onMessage(deps, data as MessageEvent)),
    'application.bot.menu_v6': (data) =>
      answer((data as MenuEvent).event_id, () => onMenu(deps, data as MenuEvent)),
    'card.action.trigger': (data: unknown) => onCardAction(deps, data as CardActionEvent),
  } as Parameters<lark.EventDispatcher['register']>[0]);
  config.core.attach(surface);

  let ws: WsClientLike | undefined;
  let wsLink: ReturnType<typeof longConnectionLink> | undefined;
  if (mode === 'webhook') {
    config.http!.route(
      'POST',
      FEISHU_EVENTS_PATH,
      feishuWebhook({
        encryptKey: config.encryptKey!,
        ...(config.verificationToken ? { verificationToken: config.verificationToken } : {}),
        dispatcher,
        log,
        ...(config.now ? { now: config.now } : {}),
        ...(config.metrics ? { metrics: config.metrics } : {}),
      }),
      'feishu',
    );
  }
  return {
    surface,
    dispatcher,
    client,
    async start() {
      if (mode !== 'ws') return;
      const link = config.link ?? standaloneLink();
      if (!config.createWsClient) {
        // The SDK would only log this and never connect, nor call back.
        const problem = appIdProblem(config.appId);
        if (problem) {
          link.failed(problem);
          log.error(`feishu long connection cannot connect: ${problem}`);
          return;
        }
      }
      // Started again (a fresh client) after a failure the SDK gave up on that another try may fix.
      const open = () => {
        ws?.close({ force: true });
        const params = {
          appId: config.appId,
          appSecret: config.appSecret,
          domain,
          logger: sdkLog,
          loggerLevel: sdkLevel,
          ...wsLink!.callbacks,
        };
        ws = config.createWsClient ? config.createWsClient(params) : new lark.WSClient(params);
        return ws.start({ eventDispatcher: dispatcher });
      };
      wsLink = longConnectionLink({ link, log, restart: () => void open() });
      link.connecting();
      // The SDK's start() returns before it has connected: onReady or onError tells how it went.
      await open();
      log.info({ mode }, 'feishu long connection opening');
    },
    async stop() {
      wsLink?.close();
      ws?.close({ force: true });
      await deps.background.idle();
    },
    idle: () => deps.background.idle(),
  };
}
