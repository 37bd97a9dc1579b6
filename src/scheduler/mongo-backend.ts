import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { AgendaBackend, JobParameters, JobRepository } from 'agenda';
import { type Db, ObjectId } from 'mongodb';
import type { TicketDoc } from '../store/mongo/docs.js';
import { claimTicket, dropTickets, isDuplicateKey } from '../store/mongo/tickets.js';
import { dueJobFinder } from './mongo-due-jobs.js';

const JOBS = 'agendaJobs';
const FIRE_TICKETS = 'agenda_fire_tickets';
const DAY_MS = 24 * 60 * 60_000;
/** How many due jobs of one name are locked side by side. */
const LOCK_BATCH = 8;

const date = (d: Date | string | null | undefined) => (d ? new Date(d) : null);

/** What one run changes on a job (the fields Agenda's own state save writes), absent ones as null. */
function jobState(job: JobParameters, lastModifiedBy: string | undefined) {
  return {
    lockedAt: date(job.lockedAt),
    nextRunAt: date(job.nextRunAt),
    lastRunAt: date(job.lastRunAt),
    lastFinishedAt: date(job.lastFinishedAt),
    failedAt: date(job.failedAt),
    failReason: job.failReason ?? null,
    failCount: job.failCount ?? null,
    progress: job.progress ?? null,
    lastModifiedBy: lastModifiedBy ?? null,
  };
}

export interface MongoAgendaBackendOptions {
  /** The store's database (`createMongoStore(...).db`): jobs live beside the releases they serve. */
  db: Db;
  /** The scheduler's lock lifetime: a run whose process died this long ago may be run by another. */
  lockLifetimeMs?: number;
}

/**
 * Agenda on MongoDB for `createAgendaScheduler`: `@agendajs/mongo-backend` on the store's connection,
 * with two guards so that each job fires once with any number of processes, on FerretDB too.
 *
 * 1. Agenda locks a due job with `findOneAndUpdate({lockedAt: null, …})`. On MongoDB that has one
 *    winner; FerretDB v1 runs it as "read, then write back" (see src/store/mongo/tickets.ts), so two
 *    processes can both lock the same job. Each run is therefore claimed with a ticket named after the
 *    job and its run time, inserted under a unique `_id`, before the lock is set: the process that
 *    inserts it runs the job, the other moves on to the next job. A ticket outlives a dead holder only
 *    by the lock lifetime, as Agenda's own lock does.
 * 2. Agenda searches due jobs per job name, on every poll, without waiting for its previous search, and
 *    filters its writes on more than `_id`. Here one scan serves all names until its candidates are used
 *    up, searches run one per name at a time (locking up to LOCK_BATCH due jobs side by side and handing
 *    them to Agenda one per call), and every per-job read and write filters on `_id` alone,
 *    the one filter FerretDB v1 does not answer by reading the whole collection (mongo-due-jobs.ts).
 * 3. Timer jobs are saved as unique per (kind, release, timer, due time) with an upsert, which neither
 *    server makes single-winner without a unique index. The index is created here; a save that loses
 *    the race retries once and then finds the job the other process saved.
 */
export function createMongoAgendaBackend(opts: MongoAgendaBackendOptions): AgendaBackend {
  const inner = new MongoBackend({ mongo: opts.db, collection: JOBS });
  const tickets = opts.db.collection<TicketDoc>(FIRE_TICKETS);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const staleMs = opts.lockLifetimeMs ?? 60_000;
  const searching = new Set<string>();
  const jobs = opts.db.collection(JOBS);

  /** Names one run of a job: its id and the run time it was locked for (not what it says after it ran). */
  const runBase = (id: string, runAt: Date | null | undefined) =>
    `${id}@${runAt ? new Date(runAt).toISOString() : 'unscheduled'}`;
  const firstToFire = async (id: string, runAt: Date | null | undefined): Promise<boolean> =>
    (await claimTicket(tickets, runBase(id, runAt), owner, { nowMs: Date.now(), staleMs })) !== null;
  /** Jobs locked in a batch and not yet handed to Agenda, per job name. */
  const ahead = new Map<string, (JobParameters | null)[]>();

  const finder = dueJobFinder(jobs, (id, runAt) => firstToFire(id.toHexString(), runAt));

  const repository = (): JobRepository => {
    const repo = inner.repository;
    return {
      connect: () => repo.connect(),
      queryJobs: (o) => repo.queryJobs(o),
      getJobsOverview: () => repo.getJobsOverview(),
      getDistinctJobNames: () => repo.getDistinctJobNames(),
      getJobById: (id) => repo.getJobById(id),
      getQueueSize: () => repo.getQueueSize(),
      removeJobs: (o) => repo.removeJobs(o),
      async saveJobState(job, o) {
        // Agenda saves a job's state twice per run with the filter {_id, name}; FerretDB v1 answers any
        // filter but a lone {_id} by reading the whole collection (see mongo-due-jobs.ts). _id is unique.
        if (!job._id) throw new Error('cannot save the state of a job without an id');
        const saved = await jobs.updateOne(
          { _id: new ObjectId(String(job._id)) },
          { $set: jobState(job, o?.lastModifiedBy) },
        );
        if (saved.matchedCount !== 1)
          throw new Error(`job ${String(job._id)} (${job.name}) no longer exists`);
      },
      unlockJob: (job) => repo.unlockJob(job),
      async unlockJobs(ids) {
        // Agenda stopping: the jobs locked ahead that it never got are given back too, so another
        // process runs them now rather than after the lock lifetime.
        const notHanded = [...ahead.values()].flat().filter((job): job is JobParameters => job !== null);
        ahead.clear();
        await repo.unlockJobs([...ids, ...notHanded.flatMap((job) => (job._id ? [job._id] : []))]);
        for (const job of notHanded)
          await dropTickets(tickets, runBase(String(job._id), job.nextRunAt)).catch(() => undefined);
      },
      disableJobs: (o) => repo.disableJobs(o),
      enableJobs: (o) => repo.enableJobs(o),
      purgeAllJobs: () => repo.purgeAllJobs(),
      async saveJob(job, o) {
        try {
          return await repo.saveJob(job, o);
        } catch (err) {
          if (!isDuplicateKey(err) || !job.unique) throw err;
          return repo.saveJob(job, o);
        }
      },
      async lockJob(job, o) {
        const locked = await repo.lockJob(job, o);
        return locked && (await firstToFire(String(locked._id), job.nextRunAt)) ? locked : undefined;
      },
      async getNextJobToRun(name, nextScanAt, lockDeadline, _now, o) {
        // Agenda starts a new search per job name on every poll even while the last one still runs; on
        // a slow server they pile up until nothing completes. One search per name at a time: an
        // overlapping poll finds "nothing" now, and the running search keeps filling the queue.
        if (searching.has(name)) return undefined;
        searching.add(name);
        try {
          // Agenda asks for one job at a time and asks again at once while it gets one; jobs are locked
          // a batch at a time and handed out from `ahead`. A job gone by the time it is read is skipped.
          for (let tries = 0; tries < 50; tries += 1) {
            let queue = ahead.get(name) ?? [];
            if (queue.length === 0) {
              const runs = await finder.lockSome(
                name,
                nextScanAt,
                lockDeadline,
                o?.lastModifiedBy ?? null,
                LOCK_BATCH,
              );
              if (runs.length === 0) return undefined;
              queue = await Promise.all(runs.map((run) => repo.getJobById(run.id.toHexString())));
            }
            const next = queue.shift();
            ahead.set(name, queue);
            if (next) return next;
          }
          return undefined;
        } finally {
          searching.delete(name);
        }
      },
    };
  };
  let wrapped: JobRepository | undefined;

  return {
    name: 'MongoDB',
    get repository() {
      wrapped ??= repository();
      return wrapped;
    },
    get logger() {
      return inner.logger;
    },
    notificationChannel: undefined,
    // The connection is the store's; closing it is the store's job.
    ownsConnection: false,
    async connect() {
      await inner.connect();
      await jobs.createIndex(
        { name: 1, 'data.releaseId': 1, 'data.timerId': 1, 'data.dueAt': 1 },
        { name: 'one_job_per_timer', unique: true },
      );
      await tickets.createIndex({ base: 1, attempt: -1 }, { name: 'latest_ticket' });
      // Tickets of runs long finished guard nothing; no TTL index on FerretDB v1, so sweep at start.
      await tickets.deleteMany({ atMs: { $lt: Date.now() - DAY_MS } });
    },
    disconnect: () => inner.disconnect(),
  };
}
