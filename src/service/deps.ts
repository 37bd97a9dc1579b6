import type { GoliveConfig } from '../config/schema.js';
import type { PresentContext } from '../conversation/present/context.js';
import type { Directory } from '../domain/directory.js';
import type { Release } from '../domain/types.js';
import type { FlowSpec } from '../flow/schema.js';
import type { Locale } from '../i18n/text.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { ChatSurface } from '../platform/port.js';
import type { TimerScheduler } from '../scheduler/port.js';
import type { ReleaseStore } from '../store/port.js';
import type { WebhookPoster } from '../webhooks/port.js';

/** What the core's services share. Built once by createCore. */
export interface CoreDeps {
  config: GoliveConfig;
  directory: Directory;
  /** The current version of every flow (what new releases start with). */
  flows: readonly FlowSpec[];
  store: ReleaseStore;
  scheduler: TimerScheduler;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  surfaces: Map<string, ChatSurface>;
  /**
   * The attached surface of a platform as the outbox sends through it: a destination the platform
   * rate-limited is held for the wait it named (rate-holds.ts).
   */
  outlet(platform: string): ChatSurface | undefined;
  /** Posts webhook deliveries (adapters/webhooks); absent, a webhook entry fails and is retried, then given up. */
  webhooks?: WebhookPoster;
  /** Where the release board is reached from people's browsers (its sign-in links start with it). */
  boardUrl: string;
  /** The flow version a release pinned (current files, else the store's copy). */
  flowOf(release: Pick<Release, 'flowId' | 'flowVersion'>): Promise<FlowSpec>;
  present(flow: FlowSpec, locale: Locale): PresentContext;
  /** Called after every successful write: sync timers, deliver messages. */
  afterCommit(release: Release): void;
}

/** What the outbox pump needs: everything but the scheduler and the write hook (delivery-deps.ts). */
export type DeliveryDeps = Omit<CoreDeps, 'scheduler' | 'afterCommit'>;
