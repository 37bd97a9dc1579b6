import type { BackoffStrategy, JobParameters } from 'agenda';
import type { TimerState } from '../domain/types.js';
import { TIMER_KINDS, type TimerKind } from '../flow/schema.js';

/** What a timer job carries: enough to call the handler and to recognise the job on the next sync. */
export interface TimerJobData {
  releaseId: string;
  timerId: string;
  /** Part of the identity: a repeating reminder keeps its id but moves its due time. */
  dueAt: string;
}

/** One Agenda job name per timer kind, so dashboards and logs show what kind of timer fired. */
export const TIMER_JOB_NAMES: readonly TimerKind[] = TIMER_KINDS;

export function timerJobData(releaseId: string, timer: TimerState): TimerJobData {
  return { releaseId, timerId: timer.id, dueAt: timer.dueAt };
}

/** Identity of a job on sync: kind, timer id and due time. */
export function timerJobKey(kind: string, data: TimerJobData): string {
  return `${kind}|${data.timerId}|${data.dueAt}`;
}

export function isTimerJobData(data: unknown): data is TimerJobData {
  const d = data as Partial<TimerJobData> | null;
  return typeof d?.releaseId === 'string' && typeof d.timerId === 'string' && typeof d.dueAt === 'string';
}

/**
 * A job is live if it waits for its run time or a processor holds it. A one-off job Agenda started
 * (it clears nextRunAt when it starts) whose process then stopped before finishing is neither: nothing
 * would ever run it again, so sync replaces it if the release still wants the timer.
 */
export function isLiveJob(job: Pick<JobParameters, 'nextRunAt' | 'lockedAt'>): boolean {
  return job.nextRunAt != null || job.lockedAt != null;
}

/**
 * Retry delay after a handler error: doubling from `firstMs` up to `maxMs`, and never giving up. A timer
 * that cannot be handled must not vanish silently; it keeps being retried (and logged) until it succeeds
 * or the release moves on and sync removes it.
 */
export function retryForever(firstMs: number, maxMs: number): BackoffStrategy {
  return ({ attempt }) => Math.min(maxMs, firstMs * 2 ** Math.min(attempt - 1, 30));
}
