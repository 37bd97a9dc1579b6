import { Agenda, type AgendaBackend, type Job } from 'agenda';
import type { TimerState } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { TimerHandler, TimerScheduler } from './port.js';
import {
  isLiveJob,
  isTimerJobData,
  retryForever,
  TIMER_JOB_NAMES,
  type TimerJobData,
  timerJobData,
  timerJobKey,
} from './timer-jobs.js';

export interface AgendaSchedulerOptions {
  /** Any Agenda v6 backend: the SQLite one in embedded mode, MongoBackend with MongoDB. */
  backend: AgendaBackend;
  logger: Logger;
  /** How often Agenda polls for due jobs (ms). Timers are minute-scale; the default suits production. */
  processEvery?: number;
  /**
   * How long a fired job may stay locked before another process assumes its holder died and runs it
   * again. Handlers only load, decide and commit (well under a second), so 15 s is ample. It is also how
   * late a reminder can be after a database outage: a job locked just before the database went away
   * cannot be unlocked while it is away, and is run again only when its lock has expired. A run twice is
   * harmless (the commit is conditional on the release's version).
   */
  lockLifetimeMs?: number;
  /** First and longest delay between retries of a failing handler (ms). */
  retry?: { firstMs: number; maxMs: number };
  /** Names this process in the jobs' lastModifiedBy, for telling processes apart when debugging. */
  name?: string;
}

/** The scheduler with its Agenda, for what shows Agenda's jobs to operators (Agendash on the release board). */
export interface AgendaTimerScheduler extends TimerScheduler {
  readonly agenda: Agenda;
}

/**
 * The TimerScheduler on Agenda. Each timer of a release is one job (per release and timer id; the due
 * time is part of its identity so a moved reminder replaces the old job). Jobs are saved with
 * `unique … insertOnly`, so two processes syncing the same release do not duplicate a job, and Agenda's
 * locking makes each job fire in one process only. A fired job calls the handler and is removed once
 * the handler succeeded; a failing handler is logged and retried with backoff.
 */
export function createAgendaScheduler(opts: AgendaSchedulerOptions): AgendaTimerScheduler {
  const log = opts.logger.child({ component: 'scheduler', backend: opts.backend.name });
  const agenda = new Agenda({
    backend: opts.backend,
    name: opts.name,
    processEvery: opts.processEvery ?? 5_000,
    defaultLockLifetime: opts.lockLifetimeMs ?? 15_000,
  });
  const retry = opts.retry ?? { firstMs: 10_000, maxMs: 10 * 60_000 };
  let started = false;
  const syncing = new Map<string, Promise<void>>();
  let stopping = false;
  agenda.on('error', (err: unknown) => {
    // Agenda's stop does not wait for a poll under way; its queries then fail as the store closes.
    if (stopping) log.debug({ err }, 'agenda poll cut off by stopping');
    // Agenda saving the state of a job another process has run and removed meanwhile (two processes
    // ran it: the core refused the second run as stale). Rare on MongoDB, now and then on FerretDB.
    else if (/maybe it does not exist anymore/.test(String((err as Error)?.message)))
      log.debug({ err }, 'timer job already run and removed by another process');
    else log.error({ err }, 'agenda reported an error while polling for jobs');
  });

  const fire = (onFire: TimerHandler) => async (job: Job) => {
    const data = job.attrs.data;
    if (!isTimerJobData(data)) {
      // Not ours to interpret (a malformed or foreign job); retrying would not help.
      log.error(
        { jobId: job.attrs._id, name: job.attrs.name },
        'timer job without release and timer id; dropped',
      );
      return;
    }
    try {
      await onFire(data.releaseId, data.timerId, data.dueAt);
    } catch (err) {
      log.error(
        {
          err,
          releaseId: data.releaseId,
          timerId: data.timerId,
          kind: job.attrs.name,
          attempt: (job.attrs.failCount ?? 0) + 1,
        },
        'timer handler failed; it will be retried',
      );
      throw err;
    }
  };

  async function syncNow(releaseId: string, timers: readonly TimerState[]): Promise<void> {
    const wanted = new Map<string, TimerState>();
    for (const t of timers) wanted.set(timerJobKey(t.kind, timerJobData(releaseId, t)), t);
    const { jobs } = await agenda.queryJobs({ data: { releaseId } });
    const kept = new Set<string>();
    const stale: string[] = [];
    for (const job of jobs) {
      const data = job.data as TimerJobData;
      const key = isTimerJobData(data) ? timerJobKey(job.name, data) : '';
      if (wanted.has(key) && !kept.has(key) && isLiveJob(job)) kept.add(key);
      else if (job._id) stale.push(String(job._id));
    }
    // A stage change leaves its stage's timers (often two) behind: removed in one delete.
    if (stale.length > 0) await agenda.cancel({ ids: stale });
    for (const [key, timer] of wanted) {
      if (kept.has(key)) continue;
      const data = timerJobData(releaseId, timer);
      await agenda
        .create(timer.kind, data)
        .schedule(new Date(timer.dueAt))
        .unique(
          { 'data.releaseId': releaseId, 'data.timerId': timer.id, 'data.dueAt': timer.dueAt },
          { insertOnly: true },
        )
        .save();
    }
  }

  return {
    agenda,
    async start(onFire) {
      for (const name of TIMER_JOB_NAMES)
        agenda.define(name, fire(onFire), {
          backoff: retryForever(retry.firstMs, retry.maxMs),
          removeOnComplete: true,
        });
      stopping = false;
      await agenda.start();
      started = true;
      log.info({ processEvery: opts.processEvery ?? 5_000 }, 'scheduler started');
    },

    sync(releaseId, timers) {
      // One sync per release at a time, in call order: the core syncs after each commit, so the last
      // call carries the newest timers. Interleaved syncs could otherwise each miss the other's jobs.
      const previous = syncing.get(releaseId) ?? Promise.resolve();
      const current = previous.catch(() => undefined).then(() => syncNow(releaseId, timers));
      syncing.set(releaseId, current);
      const forget = () => {
        if (syncing.get(releaseId) === current) syncing.delete(releaseId);
      };
      current.then(forget, forget);
      return current;
    },

    async ready() {
      if (!started) return false;
      try {
        await opts.backend.repository.getQueueSize();
        return true;
      } catch (err) {
        log.warn({ err }, 'scheduler backend is not reachable');
        return false;
      }
    },

    async stop() {
      // Agenda's stop unlocks the jobs this process held, so another process (or the next start) runs
      // them, and closes the backend if it owns it. Never started: Agenda would skip the close.
      stopping = true;
      if (started) await agenda.stop();
      else if (opts.backend.ownsConnection ?? true) await opts.backend.disconnect();
      started = false;
    },
  };
}
