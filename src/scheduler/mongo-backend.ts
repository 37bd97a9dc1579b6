import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import {
  type AgendaBackend,
  InMemoryNotificationChannel,
  type JobParameters,
  type JobRepository,
} from 'agenda';
import { type Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from '../store/mongo/tickets.js';
import { slotRunner } from './mongo-slot-runner.js';
import { type SlotJob, slotCollections } from './mongo-slots.js';

const JOBS = 'agendaJobs';

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
  /** The scheduler's lock lifetime: a slot claimed by a process silent this long is taken over. */
  lockLifetimeMs?: number;
  /** Told about failed reads and writes of the slots (each is retried on a later poll). */
  onError?: (err: unknown, what: string) => void;
  /** How often finished jobs are deleted from Agenda's collection in one batch (ms). */
  sweepEveryMs?: number;
}

/**
 * Agenda on MongoDB for `createAgendaScheduler`: `@agendajs/mongo-backend` on the store's connection
 * for saving, querying and cancelling jobs, and time slots (mongo-slots.ts, mongo-slot-runner.ts) for
 * finding, locking and finishing due runs, so that each run fires once with any number of processes and
 * fast enough on FerretDB v1 too.
 *
 * 1. Finding and locking: Agenda's sorted `findOneAndUpdate` per job name is neither single-winner on
 *    FerretDB v1 (it reads, then writes back) nor fast there (every filter but a lone `{_id}` decodes the
 *    whole collection, and even that one scans it). Every saved job is also listed in the slot of the
 *    second it is due; processes claim whole slots (one insert under a unique `_id`) and hand Agenda
 *    the slot's runs without touching the job collection. Slots are read and claimed between Agenda's
 *    polls; runs claimed after a poll but due before the next are announced on an in-process
 *    notification channel, so Agenda asks for them at once.
 * 2. Running: Agenda saves a job's state before and after each run. For a run from a slot the first save
 *    is skipped (the claim holds it) and the second becomes a mark in the slot, a batch per slot every
 *    250 ms; a retry is saved by `_id` and listed in its new slot. A finished job is deleted from the
 *    job collection a batch at a time (`sweepEveryMs`): until then it stays, marked over in its slot.
 * 3. Cancelling (sync): the job is read by `_id`, its run marked over in its slot, then deleted.
 * 4. Timer jobs are saved as unique per (kind, release, timer, due time) with an upsert, which neither
 *    server makes single-winner without a unique index. The index is created here; a save that loses
 *    the race retries once and then finds the job the other process saved.
 */
export function createMongoAgendaBackend(
  opts: MongoAgendaBackendOptions,
): AgendaBackend & { stopped: () => Promise<void> } {
  const inner = new MongoBackend({ mongo: opts.db, collection: JOBS });
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const jobs = opts.db.collection(JOBS);
  const slots = slotCollections(opts.db);
  // In-process only: lets the runner have Agenda ask for runs between its polls (Agenda also
  // announces every job it saves here, which only makes it ask sooner).
  const channel = new InMemoryNotificationChannel();
  const runner = slotRunner({
    slots,
    jobs,
    owner,
    staleMs: opts.lockLifetimeMs ?? 60_000,
    sweepEveryMs: opts.sweepEveryMs,
    onError: opts.onError ?? (() => undefined),
    onDueBeforePoll(name, job) {
      if (channel.state !== 'connected') return;
      const note = {
        jobId: job._id,
        jobName: name,
        nextRunAt: job.nextRunAt,
        priority: 0,
        timestamp: new Date(),
      };
      void channel.publish(note).catch((e) => opts.onError?.(e, 'waking Agenda'));
    },
  });
  const listable = (job: JobParameters<unknown>): job is SlotJob =>
    job._id != null && job.nextRunAt != null && job.disabled !== true;

  const repository = (): JobRepository => {
    const repo = inner.repository;
    return {
      connect: () => repo.connect(),
      queryJobs: (o) => repo.queryJobs(o),
      getJobsOverview: () => repo.getJobsOverview(),
      getDistinctJobNames: () => repo.getDistinctJobNames(),
      getJobById: (id) => repo.getJobById(id),
      getQueueSize: () => repo.getQueueSize(),
      async removeJobs(o) {
        const ids = o.ids ?? (o.id ? [o.id] : []);
        // Agenda removing a job whose run just succeeded: deleted with the next batch.
        if (ids.length > 0 && ids.every((id) => runner.removedAfterRun(String(id)))) return ids.length;
        for (const id of ids) {
          const job = await jobs.findOne<{ _id: ObjectId; nextRunAt?: Date | null }>(
            { _id: new ObjectId(String(id)) },
            { projection: { nextRunAt: 1 } },
          );
          if (job) await runner.cancelled(job);
        }
        return repo.removeJobs(o);
      },
      async saveJobState(job, o) {
        if (!job._id) throw new Error('cannot save the state of a job without an id');
        if (runner.holds(job._id)) {
          // Locked (before the run, or touched): the slot's claim already stands for the lock.
          if (job.lockedAt) return;
          // A retry is a new run: its state goes to the job, the run into its slot.
          if (job.nextRunAt) await saveState(job, o?.lastModifiedBy);
          await runner.finished(job);
          return;
        }
        await saveState(job, o?.lastModifiedBy);
      },
      async unlockJob(job) {
        if (runner.holds(job._id)) runner.giveBack(job._id);
        else await repo.unlockJob(job);
      },
      async unlockJobs(ids) {
        // Agenda stopping: runs of claimed slots are given back and the claims released, so another
        // process runs them now rather than after the lock lifetime.
        await runner.stop(ids);
        await repo.unlockJobs(ids.filter((id) => !runner.holds(id)));
      },
      disableJobs: (o) => repo.disableJobs(o),
      enableJobs: (o) => repo.enableJobs(o),
      purgeAllJobs: () => repo.purgeAllJobs(),
      async saveJob<DATA = unknown>(job: JobParameters<DATA>, o: Parameters<JobRepository['saveJob']>[1]) {
        let saved: JobParameters<DATA>;
        try {
          saved = await repo.saveJob(job, o);
        } catch (err) {
          if (!isDuplicateKey(err) || !job.unique) throw err;
          saved = await repo.saveJob(job, o);
        }
        // Listed again when it existed already: the same run in the same slot, counted once.
        if (listable(saved as JobParameters<unknown>)) await runner.add([saved as SlotJob]);
        return saved;
      },
      lockJob: (job, o) => repo.lockJob(job, o),
      // Never waits for the server: the runner reads and claims slots ahead of Agenda's polls.
      getNextJobToRun: async (name, nextScanAt, _lockDeadline, _now, o) =>
        runner.next(name, nextScanAt, o?.lastModifiedBy ?? null),
    };
  };
  let wrapped: JobRepository | undefined;

  async function saveState(job: JobParameters, lastModifiedBy: string | undefined) {
    // Agenda's own save filters on {_id, name}; FerretDB v1 answers anything but a lone {_id} by
    // decoding the whole collection. _id is unique.
    const saved = await jobs.updateOne(
      { _id: new ObjectId(String(job._id)) },
      { $set: jobState(job, lastModifiedBy) },
    );
    if (saved.matchedCount !== 1) throw new Error(`job ${String(job._id)} (${job.name}) no longer exists`);
  }

  return {
    name: 'MongoDB',
    get repository() {
      wrapped ??= repository();
      return wrapped;
    },
    get logger() {
      return inner.logger;
    },
    notificationChannel: channel,
    // The connection is the store's; closing it is the store's job.
    ownsConnection: false,
    async connect() {
      await inner.connect();
      await jobs.createIndex(
        { name: 1, 'data.releaseId': 1, 'data.timerId': 1, 'data.dueAt': 1 },
        { name: 'one_job_per_timer', unique: true },
      );
      await slots.createIndexes();
      await runner.start();
    },
    disconnect: () => inner.disconnect(),
    /** After Agenda stopped: claims released, runs marked, reads finished, before the store closes. */
    stopped: () => runner.stop([]),
  };
}

/** Lists jobs inserted without Agenda (the benchmark's bulk copies) in their slots. */
export async function listInSlots(db: Db, list: readonly SlotJob[]): Promise<void> {
  await slotCollections(db).add(list);
}
