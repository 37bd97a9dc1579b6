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

/** How long one scan of due jobs serves the searches of all job names (Agenda polls each name apart). */
const SCAN_FRESH_MS = 250;
const SCAN_LIMIT = 1_000;

/**
 * Finds and locks due Agenda jobs with one scan per poll for all job names, then locks each candidate
 * by `_id`. Agenda's own search runs a sorted `findOneAndUpdate` per job name, which FerretDB v1 answers
 * by reading and sorting the whole collection each time (it cannot use the index); with six timer kinds
 * and two processes that buried the server. Same criteria as Agenda's: enabled, and either unlocked and
 * due by the next scan, or locked by a holder whose lock expired; earliest first, then by priority.
 */
export function dueJobFinder(jobs: Collection<Document>) {
  let scan: { at: number; byName: Map<string, Candidate[]> } | undefined;
  let scanning: Promise<Map<string, Candidate[]>> | undefined;

  const due = (nextScanAt: Date, lockDeadline: Date) => ({
    disabled: { $ne: true },
    $or: [{ lockedAt: { $eq: null }, nextRunAt: { $lte: nextScanAt } }, { lockedAt: { $lte: lockDeadline } }],
  });

  const rescan = async (nextScanAt: Date, lockDeadline: Date) => {
    const found = await jobs
      .find(due(nextScanAt, lockDeadline), { projection: { _id: 1, name: 1, nextRunAt: 1 } })
      .sort({ nextRunAt: 1, priority: -1 })
      .limit(SCAN_LIMIT)
      .toArray();
    const byName = new Map<string, Candidate[]>();
    for (const doc of found as Candidate[]) byName.set(doc.name, [...(byName.get(doc.name) ?? []), doc]);
    scan = { at: Date.now(), byName };
    return byName;
  };

  return {
    /**
     * Locks the next due job of `name` this process can get, or undefined when there is none.
     * A candidate locked meanwhile by another process fails its conditional update and is skipped.
     */
    async lockNext(
      name: string,
      nextScanAt: Date,
      lockDeadline: Date,
      lockedBy: string | null,
    ): Promise<LockedRun | undefined> {
      if (!scan || Date.now() - scan.at > SCAN_FRESH_MS) {
        scanning ??= rescan(nextScanAt, lockDeadline).finally(() => {
          scanning = undefined;
        });
        await scanning;
      }
      const queue = scan?.byName.get(name) ?? [];
      for (let candidate = queue.shift(); candidate; candidate = queue.shift()) {
        // (updateOne, not findOneAndUpdate: FerretDB v1 has no projection on findAndModify.)
        const locked = await jobs.updateOne(
          // The run time too: a candidate from an older scan that has run since (or moved) is not this run.
          {
            _id: candidate._id,
            name,
            nextRunAt: candidate.nextRunAt ?? null,
            ...due(nextScanAt, lockDeadline),
          },
          { $set: { lockedAt: new Date(), lastModifiedBy: lockedBy } },
        );
        if (locked.modifiedCount === 1) return { id: candidate._id, runAt: candidate.nextRunAt ?? null };
      }
      return undefined;
    },
  };
}
