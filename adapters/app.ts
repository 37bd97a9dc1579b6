import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createBoardReader } from '../src/board/reader.js';
import type { GoliveEnv } from '../src/config/env.js';
import { loadConfig } from '../src/config/load.js';
import { configRoles } from '../src/config/roles.js';
import type { GoliveConfig } from '../src/config/schema.js';
import { loadFlowsFromDir } from '../src/flow/load.js';
import type { Logger } from '../src/log.js';
import { createMetrics, type Metrics } from '../src/observability/metrics.js';
import { createHttpServer, type HttpServer } from '../src/server/http.js';
import { serveMetrics } from '../src/server/metrics-route.js';
import { createReadiness, type Readiness } from '../src/server/readiness.js';
import { serveReadiness } from '../src/server/readyz-route.js';
import type { GoliveCore } from '../src/service/api.js';
import { createCalendarFeed } from '../src/service/calendar-feed.js';
import { createCore } from '../src/service/create-core.js';
import { createDeliveryDeps } from '../src/service/delivery-deps.js';
import { webhookSecrets } from '../src/webhooks/secrets.js';
import { startDeliveryThread } from './delivery-worker/index.js';
import { feishuEnv } from './feishu/config.js';
import { createPersistence } from './persistence.js';
import { slackEnv } from './slack/env.js';
import type { EnvFileUse } from './startup/env-file.js';
import type { PersonLookup } from './startup/person-lookup.js';
import { warnAboutSetup } from './startup/setup-warnings.js';
import { createHttpWebhookPoster } from './webhooks/http-poster.js';

/** A running golive: the core, its HTTP listener, and how to stop it all. */
export interface RunningGolive {
  core: GoliveCore;
  http: HttpServer;
  port: number;
  config: GoliveConfig;
  /** Whether the terminal (local) surface was asked for. */
  local: boolean;
  /** What `/readyz` answers from. */
  readiness: Readiness;
  /** Settles once the start-up checks of configured people (logged warnings) are done. */
  setupChecked: Promise<void>;
  /** What `/metrics` serves. */
  metrics: Metrics;
  stop(): Promise<void>;
}

/** Where a start's settings came from, for its first log line. */
export interface StartOrigin {
  /** The env file `main.ts` looked for and read. */
  envFile?: EnvFileUse;
}

/** Roles a flow may name besides the form's: every role some configured person holds. */

/**
 * The composition root: reads config and flows, picks the store, builds the core and the surfaces
 * the environment asks for, and serves /healthz, /readyz, /metrics and the platform endpoints on PORT.
 */
export async function startGolive(
  env: GoliveEnv,
  log: Logger,
  platformEnv: NodeJS.ProcessEnv = process.env,
  origin: StartOrigin = {},
): Promise<RunningGolive> {
  const config = loadConfig(env.GOLIVE_CONFIG);
  const flows = loadFlowsFromDir(resolve(env.FLOWS_DIR ?? 'flows'), configRoles(config));
  // Read once, here: a webhook whose secret is missing stops the start, naming the variable.
  const secrets = webhookSecrets(config, platformEnv);
  const slackSettings = slackEnv(platformEnv);
  const feishuSettings = feishuEnv(platformEnv);
  const local = Boolean(env.GOLIVE_LOCAL) || (!slackSettings && !feishuSettings);
  const { store, scheduler } = await createPersistence(env, log);
  // Slack only: the Feishu surface shares state with its handlers (which chats are private), so
  // with Feishu configured, and in local mode (the terminal is a surface of this thread), messages
  // are sent from this event loop.
  const delivery =
    env.DELIVERY === 'thread' && slackSettings && !feishuSettings && !local
      ? startDeliveryThread(
          {
            env,
            slack: slackSettings,
            config,
            flows,
            instanceId: randomUUID(),
            leaseMs: env.OUTBOX_LEASE_MS,
            logLevel: log.level,
            webhookSecrets: secrets,
          },
          log,
        )
      : undefined;
  const metrics = createMetrics();
  const boardUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const core = await createCore({
    config,
    flows,
    store,
    scheduler,
    logger: log,
    metrics,
    outboxLeaseMs: env.OUTBOX_LEASE_MS,
    boardUrl,
    linkCardsToBoard: Boolean(env.PUBLIC_URL),
    webhooks: createHttpWebhookPoster({ secrets }),
    ...(delivery ? { delivery } : {}),
  });
  const http = createHttpServer(log, { metrics });
  http.route(
    'GET',
    '/healthz',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
    'ops',
  );
  const readiness = createReadiness({ check: () => core.ready() });
  await readiness.start();
  http.route('GET', '/readyz', serveReadiness(readiness), 'ops');
  http.route('GET', '/metrics', serveMetrics(metrics, env.METRICS_TOKEN), 'ops');
  const { registerBoard } = await import('./board/index.js');
  const reads = createDeliveryDeps({ config, flows, store, log, now: () => new Date(), boardUrl });
  await registerBoard(http.app, {
    reader: createBoardReader({ ...reads, sessionMs: env.BOARD_SESSION_HOURS * 3_600_000 }),
    flows,
    metrics,
    agenda: scheduler.agenda,
    secureCookies: boardUrl.startsWith('https:'),
    sessionHours: env.BOARD_SESSION_HOURS,
  });
  const { registerCalendarFeed } = await import('./feed/index.js');
  registerCalendarFeed(http.app, createCalendarFeed(reads));
  const { registerPipelineApi } = await import('./api/index.js');
  await registerPipelineApi(http.app, core.pipeline);
  const stops: (() => Promise<void>)[] = [() => Promise.resolve(readiness.stop())];
  const lookups: Partial<Record<'slack' | 'feishu', (id: string) => Promise<PersonLookup>>> = {};
  if (slackSettings) {
    // Platform SDKs load only when configured: local mode starts in a fraction of the time.
    const { createSlackAdapter } = await import('./slack/index.js');
    const slack = createSlackAdapter({
      core,
      ...slackSettings,
      logger: log,
      http,
      metrics,
      ...(slackSettings.appToken ? { link: readiness.link('slack') } : {}),
      ...(delivery ? { respondFetch: delivery.respondFetch } : {}),
    });
    await slack.start();
    stops.push(() => slack.stop());
    const { lookUpSlackPerson } = await import('./slack/lookup-person.js');
    lookups.slack = (id) => lookUpSlackPerson(slack.client, id);
  }
  if (feishuSettings) {
    const { createFeishuAdapter } = await import('./feishu/index.js');
    const feishu = createFeishuAdapter({
      core,
      ...feishuSettings,
      logger: log,
      http,
      metrics,
      ...(feishuSettings.mode === 'ws' ? { link: readiness.link('feishu') } : {}),
    });
    await feishu.start();
    stops.push(() => feishu.stop());
    const { lookUpFeishuPerson } = await import('./feishu/lookup-person.js');
    lookups.feishu = (id) => lookUpFeishuPerson(feishu.client, id);
  }
  const port = await http.listen(env.PORT, env.HOST);
  const platforms = [
    ...(slackSettings
      ? [slackSettings.appToken ? 'Slack (Socket Mode)' : 'Slack (HTTP, POST /slack/events)']
      : []),
    ...(feishuSettings
      ? [feishuSettings.mode === 'ws' ? 'Feishu (long connection)' : 'Feishu (webhook, POST /feishu/events)']
      : []),
  ];
  const envFile = origin.envFile?.read?.path;
  // In words first, for someone reading the log to see whether their settings took; then as fields
  // (the line tests and tools wait for).
  log.info(
    `golive runs ${local ? 'in local mode (the terminal)' : `with ${platforms.join(' and ')}`} on port ${port}; ` +
      `config ${env.GOLIVE_CONFIG ?? '(none: defaults, nobody configured)'}; ` +
      `settings from ${envFile ? `${envFile} and the environment` : 'the environment (no .env file read)'}; store ${store.name}`,
  );
  log.info(
    {
      port,
      store: store.name,
      slack: slackSettings ? (slackSettings.appToken ? 'socket' : 'http') : false,
      feishu: feishuSettings ? feishuSettings.mode : false,
      local,
      delivery: delivery ? 'thread' : 'inline',
      config: env.GOLIVE_CONFIG ?? null,
      envFile: envFile ?? null,
    },
    'golive started',
  );
  const setupChecked = local
    ? Promise.resolve()
    : warnAboutSetup({ config, configPath: env.GOLIVE_CONFIG, log, lookups });
  return {
    core,
    http,
    port,
    config,
    local,
    readiness,
    setupChecked,
    metrics,
    async stop() {
      for (const stop of stops)
        await stop().catch((err: unknown) => log.warn({ err }, 'adapter stop failed'));
      await http.close();
      await core.stop();
    },
  };
}
