import type { TimerState } from '../domain/types.js';

/**
 * Called when a timer is due; the core loads the release and lets the engine decide. `dueAt` is the
 * time the job was scheduled for (ISO), for measuring how late it ran.
 */
export type TimerHandler = (releaseId: string, timerId: string, dueAt?: string) => Promise<void>;

/**
 * The scheduler port. The Agenda-backed implementation keeps one job per (release, timer id) — the
 * timer id already names stage entry and kind — so rescheduling never duplicates and each job fires once
 * even with several processes sharing the backend.
 */
export interface TimerScheduler {
  start(onFire: TimerHandler): Promise<void>;
  /** Makes the release's scheduled jobs exactly `timers`: creates missing ones, removes the rest. Idempotent. */
  sync(releaseId: string, timers: readonly TimerState[]): Promise<void>;
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}
