import type { Collection, Filter, UpdateFilter } from 'mongodb';

/**
 * FerretDB only: writes that land on the server before a deadline or not at all. A commit on MongoDB
 * is one transaction (commit-in-transaction.ts): it lands whole or not at all, and a writer that stalls
 * can no more overwrite another's commit than a dead one can, so it needs no deadline.
 *
 * A claim (tickets.ts) is exclusive only until it goes stale: a writer that stalls past that may find its
 * ticket taken over, and the new holder writing the same documents. The stalled writer must not then
 * remove what its successor staged under the same `_id`s, nor write the release over the successor's
 * staged documents (FerretDB v1 cannot check a version filter in the same step as the write). So a writer must finish before anyone may take over. Checking the clock before
 * sending is not enough: the command may wait on the server (FerretDB writes one at a time and sleeps
 * while the database is locked). So these writes go as findAndModify with `maxTimeMS`, which FerretDB v1
 * applies only to findAndModify (its update and delete ignore it), there
 * as a deadline for the whole command, its SQLite transaction included. A writer's deadline is half the
 * stale time after it took its ticket, so a takeover comes at least that long after anything it wrote.
 */
export class PastDeadline extends Error {
  constructor() {
    super("past the writer's deadline: another writer may hold its claim now");
  }
}

/** For `.catch`: a write given up at its deadline is no failure to report; anything else is. */
export function unlessPastDeadline(err: unknown): void {
  if (!(err instanceof PastDeadline)) throw err;
}

function remainingMs(deadline: number): number {
  const ms = Math.floor(deadline - Date.now());
  if (ms <= 0) throw new PastDeadline();
  return ms;
}

/** A failure after the deadline is final (the server gave up or rolled back), and says only that. */
async function before<T>(deadline: number, write: (maxTimeMS: number) => Promise<T>): Promise<T> {
  try {
    return await write(remainingMs(deadline));
  } catch (err) {
    if (Date.now() >= deadline) throw new PastDeadline();
    throw err;
  }
}

/** Deletes one document by `_id` before `deadline`; whether there was one. */
export function deleteBefore<T extends { _id: string }>(
  coll: Collection<T>,
  _id: string,
  deadline: number,
): Promise<boolean> {
  return before(deadline, async (maxTimeMS) => {
    const found = await coll.findOneAndDelete({ _id } as Filter<T>, { maxTimeMS });
    return found !== null;
  });
}

/** Updates the one document `filter` names before `deadline`; whether it matched. */
export function updateBefore<T extends { _id: string }>(
  coll: Collection<T>,
  filter: Filter<T>,
  update: UpdateFilter<T>,
  deadline: number,
): Promise<boolean> {
  return before(deadline, async (maxTimeMS) => {
    const found = await coll.findOneAndUpdate(filter, update, { maxTimeMS });
    return found !== null;
  });
}
