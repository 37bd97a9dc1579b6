import { randomUUID } from 'node:crypto';
import { CALENDAR_WARN_DAYS, daysLeft } from '../calendar/holidays.js';
import { ConfigError } from '../config/load.js';
import type { GoliveConfig } from '../config/schema.js';
import type { FlowSpec } from '../flow/schema.js';
import type { Logger } from '../log.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { TimerScheduler } from '../scheduler/port.js';
import type { ReleaseStore } from '../store/port.js';
import type { WebhookPoster } from '../webhooks/port.js';
import type { GoliveCore } from './api.js';
import { createConversation } from './conversation.js';
import { createDelivery, type Delivery } from './delivery.js';
import { createDeliveryDeps } from './delivery-deps.js';
import type { CoreDeps } from './deps.js';
import { fireTimer } from './fire-timer.js';
import { createPipelineService, type PipelineService } from './pipeline.js';
import { startRequestKeyPruning } from './request-keys.js';

export interface CoreOptions {
  config: GoliveConfig;
  flows: readonly FlowSpec[];
  store: ReleaseStore;
  scheduler: TimerScheduler;
  logger: Logger;
  /** Prometheus metrics of this process (adapters/app.ts serves them on /metrics). Default: a registry of its own. */
  metrics?: Metrics;
  /** Injectable clock; tests move it instead of sleeping. */
  now?: () => Date;
  /** How often the outbox is swept for messages to (re)send, in ms. Default 1000. */
  outboxIntervalMs?: number;
  /** Names this process in outbox claims. */
  instanceId?: string;
  /** How long a delivery claim lasts unless its sender renews it, in ms (see delivery.ts). Default 10 s. */
  outboxLeaseMs?: number;
  /**
   * The outbox pump when it runs elsewhere (adapters/delivery-worker: a thread with its own store
   * connection); kicked after every commit, flushed by `flush()`, stopped by `stop()`. Default: in
   * this event loop.
   */
  delivery?: Delivery;
  /** The release board's base URL as people's browsers reach it (sign-in links). Default http://localhost:3000. */
  boardUrl?: string;
  /** Cards link to their release on the board (set when golive has a public address). */
  linkCardsToBoard?: boolean;
  /** Posts the teams' webhook deliveries (adapters/webhooks/http-poster.ts). */
  webhooks?: WebhookPoster;
  /** How often request keys older than a week are forgotten, in ms (see request-keys.ts). Default 1 h. */
  requestKeyPruneEveryMs?: number;
}

/**
 * Builds the core: checks the flows against the store's copies, starts the scheduler and the
 * outbox pump, and re-creates the jobs of every open release (a crash loses no reminder).
 */

/** Working hours past a calendar's end count weekdays only: say so while there is time to add the next. */
function warnIfCalendarEnds(config: GoliveConfig, now: Date, log: Logger): void {
  const calendar = config.holidays;
  if (!calendar) return;
  const left = daysLeft(calendar, now);
  if (left >= CALENDAR_WARN_DAYS) return;
  log.warn(
    { calendar: calendar.name.en, until: calendar.until, daysLeft: left },
    `the holiday calendar "${calendar.name.en}" ends on ${calendar.until}: after it, working hours count weekdays only. Add next year's calendar (for mainland China, calendars/cn-2027.yaml is not shipped yet: it follows the State Council's notice) and point "holidays" in the config at it`,
  );
}

/** The core with what only the composition root hands out: the pipeline API's side (adapters/api). */
export type Core = GoliveCore & { readonly pipeline: PipelineService };

export async function createCore(opts: CoreOptions): Promise<Core> {
  const { config, store, scheduler, logger: log } = opts;
  const now = opts.now ?? (() => new Date());
  const instanceId = opts.instanceId ?? randomUUID();
  warnIfCalendarEnds(config, now(), log);
  await store.init();
  for (const flow of opts.flows) {
    if ((await store.putFlow(flow)) === 'changed')
      throw new ConfigError(
        `flow "${flow.id}" version ${flow.version} differs from the copy releases already use: raise "version" in flows/${flow.id}.yaml`,
      );
  }
  const deps: CoreDeps = {
    ...createDeliveryDeps({
      config,
      flows: opts.flows,
      store,
      log,
      now,
      metrics: opts.metrics ?? createMetrics(),
      ...(opts.boardUrl ? { boardUrl: opts.boardUrl } : {}),
      ...(opts.linkCardsToBoard ? { linkCardsToBoard: true } : {}),
      ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    }),
    scheduler,
    afterCommit(release) {
      scheduler
        .sync(release.id, release.timers)
        .catch((err: unknown) => log.error({ err, releaseId: release.id }, 'could not sync timers'));
      // After the caller's answer: the platform acknowledges a click once its commit returns, and
      // the first delivery round (store reads, rendering) would otherwise run before that answer.
      setImmediate(() => void delivery.kick());
    },
  };
  const delivery = opts.delivery ?? createDelivery(deps, instanceId, opts.outboxLeaseMs);

  let stopping = false;
  await scheduler.start(fireTimer(deps, config.locale, () => stopping));
  const byRelease = new Map<string, Parameters<TimerScheduler['sync']>[1][number][]>();
  for (const { releaseId, timer } of await store.allTimers())
    byRelease.set(releaseId, [...(byRelease.get(releaseId) ?? []), timer]);
  for (const [releaseId, timers] of byRelease) await scheduler.sync(releaseId, timers);
  delivery.start(opts.outboxIntervalMs ?? 1000);
  void delivery.kick();
  const pruning = startRequestKeyPruning(deps, opts.requestKeyPruneEveryMs);

  const conversation = createConversation(deps);
  return {
    config,
    flows: opts.flows,
    metrics: deps.metrics,
    ...conversation,
    pipeline: createPipelineService(deps),
    attach(surface) {
      deps.surfaces.set(surface.platform, surface);
      void delivery.kick();
    },
    flush: () => delivery.kick(),
    async ready() {
      return (await store.ping().catch(() => false)) && (await scheduler.ready().catch(() => false));
    },
    async stop() {
      stopping = true;
      await pruning.stop();
      await delivery.stop();
      await scheduler.stop();
      await store.close();
    },
  };
}
