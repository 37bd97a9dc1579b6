import type { Collection, Document, ObjectId } from 'mongodb';

interface Candidate {
  _id: ObjectId;
  name: string;
  nextRunAt: Date | null;
}

/** A job this process locked, and the run time it was locked for (which names that run). */
export interface LockedRun {
  id: ObjectId;
  runAt: Date | null;
}

/** Decides, once across all processes, who runs this run of a job (a ticket; see mongo-backend.ts). */
export type ClaimRun = (id: ObjectId, runAt: Date | null) => Promise<boolean>;

/** The least time between two scans, and how far past Agenda's look-ahead a scan collects jobs. */
const SCAN_FRESH_MS = 250;
const SCAN_AHEAD_MS = 10_000;
const SCAN_LIMIT = 5_000;
/** Candidates due close together are tried in a shuffled order, so two processes seldom race for one. */
const SHUFFLE_SPAN = 16;

interface JobState {
  name?: string;
  disabled?: boolean;
  nextRunAt?: Date | null;
  lockedAt?: Date | null;
}

/** Agenda's criteria for a job that may be locked now, checked on a document just read. */
function isDue(job: JobState, nextScanAt: Date, lockDeadline: Date): boolean {
  if (job.disabled === true) return false;
  if (job.lockedAt == null) return job.nextRunAt != null && job.nextRunAt <= nextScanAt;
  return job.lockedAt <= lockDeadline;
}

const sameTime = (a: Date | null | undefined, b: Date | null | undefined) =>
  (a?.getTime() ?? null) === (b?.getTime() ?? null);

function shuffleNearby(sorted: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < sorted.length; i += SHUFFLE_SPAN) {
    const span = sorted.slice(i, i + SHUFFLE_SPAN);
    for (let j = span.length - 1; j > 0; j -= 1) {
      const k = Math.floor(Math.random() * (j + 1));
      [span[j], span[k]] = [span[k] as Candidate, span[j] as Candidate];
    }
    out.push(...span);
  }
  return out;
}

/**
 * Finds and locks due Agenda jobs with one scan for all job names, then touches each candidate by
 * `_id` alone. Agenda's own search runs a sorted `findOneAndUpdate` per job name and poll, and its
 * state saves filter on `{_id, name}`: FerretDB v1 pushes only a filter that is exactly `{_id}` down to
 * its storage and answers anything else by reading the whole collection. With 10,000 jobs that was
 * seconds per lock, and reminders fired minutes late. Here a scan (the one whole read) collects the jobs
 * due a little beyond Agenda's look-ahead and is reused until they are used up (see scanIsDue), and each
 * candidate is read, claimed and locked by `_id`:
 *   1. read it by `_id` and check it is still this run and still due (a job another process locked
 *      meanwhile is skipped here, cheaply);
 *   2. claim the run (`claim`: a ticket with one winner on any server);
 *   3. set the lock by `_id`. The ticket, not a conditional update, decides who runs it: FerretDB v1
 *      does not make conditional updates atomic anyway (src/store/mongo/tickets.ts).
 * Same criteria as Agenda's: enabled, and either unlocked and due by the next scan, or locked by a
 * holder whose lock expired; earliest first.
 */
export function dueJobFinder(jobs: Collection<Document>, claim: ClaimRun) {
  let scan: { at: number; tookMs: number; byName: Map<string, Candidate[]> } | undefined;
  let scanning: Promise<Map<string, Candidate[]>> | undefined;

  const rescan = async (nextScanAt: Date, lockDeadline: Date) => {
    const started = Date.now();
    const horizon = new Date(nextScanAt.getTime() + SCAN_AHEAD_MS);
    const found = await jobs
      .find(
        {
          disabled: { $ne: true },
          $or: [
            { lockedAt: { $eq: null }, nextRunAt: { $lte: horizon } },
            { lockedAt: { $lte: lockDeadline } },
          ],
        },
        { projection: { _id: 1, name: 1, nextRunAt: 1 } },
      )
      .sort({ nextRunAt: 1, priority: -1 })
      .limit(SCAN_LIMIT)
      .toArray();
    const byName = new Map<string, Candidate[]>();
    for (const doc of shuffleNearby(found as Candidate[]))
      byName.set(doc.name, [...(byName.get(doc.name) ?? []), doc]);
    scan = { at: Date.now(), tookMs: Date.now() - started, byName };
    return byName;
  };

  /**
   * A scan reads every job, so there is a new one only when the last one's candidates of `name` are
   * used up (or it may miss jobs saved since), and never sooner than twice the last scan's duration
   * after it: on a slow server, back-to-back scans would leave no time for the locks themselves.
   */
  const scanIsDue = (name: string) => {
    if (!scan) return true;
    const age = Date.now() - scan.at;
    if (age < Math.max(SCAN_FRESH_MS, 2 * scan.tookMs)) return false;
    return !scan.byName.get(name)?.length || age > SCAN_AHEAD_MS;
  };

  return {
    /**
     * Locks up to `most` due jobs of `name` side by side (each is a few round trips, and one at a time
     * they were the limit), earliest first; none when nothing is due.
     */
    async lockSome(
      name: string,
      nextScanAt: Date,
      lockDeadline: Date,
      lockedBy: string | null,
      most: number,
    ): Promise<LockedRun[]> {
      if (scanIsDue(name)) {
        scanning ??= rescan(nextScanAt, lockDeadline).finally(() => {
          scanning = undefined;
        });
        await scanning;
      }
      const queue = scan?.byName.get(name) ?? [];
      const tryLock = async (candidate: Candidate): Promise<LockedRun | undefined> => {
        const runAt = candidate.nextRunAt ?? null;
        const now = await jobs.findOne<JobState>(
          { _id: candidate._id },
          { projection: { name: 1, disabled: 1, nextRunAt: 1, lockedAt: 1 } },
        );
        // Gone, moved to another run time, or locked by another process since the scan.
        if (!now || now.name !== name || !sameTime(now.nextRunAt, runAt)) return undefined;
        if (!isDue(now, nextScanAt, lockDeadline)) return undefined;
        if (!(await claim(candidate._id, runAt))) return undefined;
        const locked = await jobs.updateOne(
          { _id: candidate._id },
          { $set: { lockedAt: new Date(), lastModifiedBy: lockedBy } },
        );
        return locked.matchedCount === 1 ? { id: candidate._id, runAt } : undefined;
      };
      // Until some are locked or the due candidates are used up (all taken by another process).
      while (queue.length > 0) {
        const batch: Candidate[] = [];
        // Collected ahead of time and not Agenda's to lock yet: they wait in the queue for a later call.
        while (batch.length < most && queue[0] && !((queue[0].nextRunAt ?? 0) > nextScanAt))
          batch.push(queue.shift() as Candidate);
        if (batch.length === 0) return [];
        const runs = (await Promise.all(batch.map(tryLock))).filter((r): r is LockedRun => r !== undefined);
        if (runs.length > 0)
          return runs.sort((a, b) => (a.runAt?.getTime() ?? 0) - (b.runAt?.getTime() ?? 0));
      }
      return [];
    },
  };
}
