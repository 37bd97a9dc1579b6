import type { TimerState } from '../../src/domain/types.js';
import type { TimerHandler, TimerScheduler } from '../../src/scheduler/port.js';

/**
 * A scheduler whose clock the test owns: it keeps exactly the jobs the core syncs, and `fireDue(now)`
 * runs those due by then, as Agenda would after that much time. Used where a test needs time to pass
 * without waiting; the Agenda-backed scheduler has its own tests.
 */
export class ManualScheduler implements TimerScheduler {
  readonly jobs = new Map<string, { releaseId: string; timer: TimerState }>();
  private handler: TimerHandler | undefined;

  async start(onFire: TimerHandler) {
    this.handler = onFire;
  }
  async sync(releaseId: string, timers: readonly TimerState[]) {
    for (const [key, job] of this.jobs) if (job.releaseId === releaseId) this.jobs.delete(key);
    for (const timer of timers) this.jobs.set(`${releaseId}/${timer.id}`, { releaseId, timer });
  }
  async ready() {
    return true;
  }
  async stop() {}

  /** Timers of a release, soonest first. */
  of(releaseId: string): TimerState[] {
    return [...this.jobs.values()]
      .filter((j) => j.releaseId === releaseId)
      .map((j) => j.timer)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /**
   * Runs the handler for a timer as a scheduler does when it locked the job, whether or not it is still
   * listed here: what a second run of a job, or a run on another replica, looks like to the core.
   */
  async run(releaseId: string, timerId: string, dueAt?: string): Promise<void> {
    await this.handler?.(releaseId, timerId, dueAt);
  }

  /** Runs a timer's handler once more, as a scheduler firing one job twice would. */
  async fireAgain(releaseId: string, timerId: string): Promise<void> {
    await this.handler?.(releaseId, timerId);
  }

  /** Fires every job due at `now`, soonest first; returns how many fired. */
  async fireDue(now: Date): Promise<number> {
    const due = [...this.jobs.entries()]
      .filter(([, j]) => Date.parse(j.timer.dueAt) <= now.getTime())
      .sort(([, a], [, b]) => a.timer.dueAt.localeCompare(b.timer.dueAt));
    for (const [key, job] of due) {
      this.jobs.delete(key);
      await this.handler?.(job.releaseId, job.timer.id, job.timer.dueAt);
    }
    return due.length;
  }
}
