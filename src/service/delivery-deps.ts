import type { GoliveConfig } from '../config/schema.js';
import type { PresentContext } from '../conversation/present/context.js';
import { createDirectory } from '../domain/directory.js';
import type { FlowSpec } from '../flow/schema.js';
import type { Logger } from '../log.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { ChatSurface } from '../platform/port.js';
import type { ReleaseStore } from '../store/port.js';
import type { WebhookPoster } from '../webhooks/port.js';
import type { DeliveryDeps } from './deps.js';
import { pacedSurface, RateHolds } from './rate-holds.js';

export interface DeliveryDepsOptions {
  config: GoliveConfig;
  flows: readonly FlowSpec[];
  store: ReleaseStore;
  log: Logger;
  now: () => Date;
  /** Where counts go; a registry of its own when not given (a delivery thread's). */
  metrics?: Metrics;
  /** Where messages go, by platform; empty until surfaces are attached. */
  surfaces?: Map<string, ChatSurface>;
  /** Posts the teams' webhook deliveries (adapters/webhooks). */
  webhooks?: WebhookPoster;
  /** The release board's base URL as browsers reach it. Default http://localhost:3000. */
  boardUrl?: string;
  /** Cards link to their release on the board (golive has a public address: PUBLIC_URL). */
  linkCardsToBoard?: boolean;
}

/**
 * What rendering and sending the outbox needs, built from config, flows and a store: shared by the
 * core (createCore) and a delivery running on its own thread with its own store connection.
 */
export function createDeliveryDeps(opts: DeliveryDepsOptions): DeliveryDeps {
  const { config, store, now } = opts;
  const directory = createDirectory(config.people);
  const board = (opts.boardUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const releaseUrl = opts.linkCardsToBoard ? (id: string) => `${board}/board/releases/${id}` : undefined;
  const flowCache = new Map(opts.flows.map((f) => [`${f.id}@${f.version}`, f]));
  const surfaces = opts.surfaces ?? new Map<string, ChatSurface>();
  const holds = new RateHolds();
  const outlets = new WeakMap<ChatSurface, ChatSurface>();
  return {
    config,
    directory,
    flows: opts.flows,
    store,
    log: opts.log,
    metrics: opts.metrics ?? createMetrics(),
    now,
    surfaces,
    outlet(platform) {
      const surface = surfaces.get(platform);
      if (!surface) return undefined;
      let outlet = outlets.get(surface);
      if (!outlet) {
        outlet = pacedSurface(surface, holds, now, opts.log);
        outlets.set(surface, outlet);
      }
      return outlet;
    },
    boardUrl: board,
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    async flowOf(r) {
      const key = `${r.flowId}@${r.flowVersion}`;
      const cached = flowCache.get(key);
      if (cached) return cached;
      const stored = await store.getFlow(r.flowId, r.flowVersion);
      if (!stored) throw new Error(`flow ${key} is neither in flows/ nor in the store`);
      flowCache.set(key, stored);
      return stored;
    },
    present: (flow, locale): PresentContext => ({
      flow,
      config,
      directory,
      locale,
      now: now(),
      ...(releaseUrl ? { releaseUrl } : {}),
    }),
  };
}
