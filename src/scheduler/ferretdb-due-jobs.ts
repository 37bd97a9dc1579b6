import type { JobParameters, JobRepository } from 'agenda';
import type { Collection, Document, ObjectId } from 'mongodb';

interface DueJob {
  _id: ObjectId;
  name: string;
  nextRunAt: Date | null;
  lockedAt?: Date | null;
}

/** Fills of the job names that start within this long of a scan share it (Agenda starts them together). */
const SHARE_SCAN_MS = 1_000;

/**
 * FerretDB only: Agenda's `getNextJobToRun` by one scan per poll instead of one per job.
 *
 * On MongoDB each call is one `findOneAndUpdate` answered from Agenda's `findAndLockNextJobIndex` in
 * about a millisecond, single-winner. FerretDB v1 answers any filter but a lone `_id` by reading the
 * whole collection (measured: about 220 ms at 3,000 jobs), and findOneAndUpdate even with an `_id`
 * in its filter, so a poll that locks 40 due jobs spent 40 scans and the replicas fell minutes behind.
 * Here the first fill of a poll lists every lockable job once (Agenda's own filter), and each call then
 * locks the next one of its name with a conditional `updateOne` on its `_id` (sent by `_id` alone:
 * ferretdb-by-id.ts) and reads it back by `_id`.
 *
 * Each replica tries its list in its own random order: replicas that walked one list in one order met
 * on every job. FerretDB's conditional update is "read, then write back", so two replicas trying one job
 * at the same moment sometimes both lock it and both run it — as before, and on purpose: a timer's
 * effect happens once anyway (test/service/mongo-processes-reminders.test.ts proves it on FerretDB).
 */
export function dueJobsByScan(jobsOf: () => Collection<Document>, repository: JobRepository) {
  let scan: { startedMs: number; byName: Promise<Map<string, DueJob[]>> } | undefined;
  /** Per job name, what the fill under way has still to try. */
  const fills = new Map<string, DueJob[]>();

  const listDue = async (nextScanAt: Date, lockDeadline: Date) => {
    const due = await jobsOf()
      .find<DueJob>(
        {
          disabled: { $ne: true },
          $or: [
            { lockedAt: { $eq: null }, nextRunAt: { $lte: nextScanAt } },
            { lockedAt: { $lte: lockDeadline } },
          ],
        },
        { projection: { _id: 1, name: 1, nextRunAt: 1, lockedAt: 1 } },
      )
      .toArray();
    const byName = new Map<string, DueJob[]>();
    for (const job of due) {
      const named = byName.get(job.name);
      if (named) named.push(job);
      else byName.set(job.name, [job]);
    }
    return byName;
  };

  const startFill = async (name: string, nextScanAt: Date, lockDeadline: Date) => {
    if (!scan || Date.now() - scan.startedMs > SHARE_SCAN_MS) {
      const byName = listDue(nextScanAt, lockDeadline);
      scan = { startedMs: Date.now(), byName };
      // A failed scan is not shared: the next fill scans again.
      byName.catch(() => {
        if (scan?.byName === byName) scan = undefined;
      });
    }
    return shuffled((await scan.byName).get(name) ?? []);
  };

  return async function getNextJobToRun(
    name: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now?: Date,
    options?: { lastModifiedBy?: string },
  ): Promise<JobParameters | undefined> {
    try {
      let left = fills.get(name);
      if (!left) {
        left = await startFill(name, nextScanAt, lockDeadline);
        fills.set(name, left);
      }
      for (let job = left.shift(); job; job = left.shift()) {
        const locked = await jobsOf().updateOne(
          {
            _id: job._id,
            name,
            nextRunAt: job.nextRunAt,
            lockedAt: job.lockedAt ?? null,
            disabled: { $ne: true },
          },
          { $set: { lockedAt: now ?? new Date(), lastModifiedBy: options?.lastModifiedBy ?? null } },
        );
        if (locked.modifiedCount !== 1) continue;
        const found = await repository.getJobById(String(job._id));
        if (found) return found;
      }
    } catch (err) {
      fills.delete(name);
      throw err;
    }
    // This fill is done; the next one (the next poll, or a job saved due sooner) lists again.
    fills.delete(name);
    return undefined;
  };
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
