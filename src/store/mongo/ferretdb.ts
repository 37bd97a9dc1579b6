import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from 'mongodb';

/**
 * The seam for FerretDB v1, the MongoDB-compatible server the MongoDB suites run on. Production runs
 * MongoDB (a replica set or Atlas); what differs on FerretDB is decided here, so a reader of the store
 * and the scheduler sees the MongoDB design first and every work-around in one place.
 */

/**
 * Whether `db` is served by FerretDB (it says so in buildInfo). Asked once per database handle, and
 * again after a failure: the server may be down when the first caller asks.
 */
export function ferretDbProbe(db: Db): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => {
    answer ??= db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info)
      .catch((err: unknown) => {
        answer = undefined;
        throw err;
      });
    return answer;
  };
}

/**
 * FerretDB v1 keeps its data in SQLite and, when several clients write at once, sometimes answers a
 * command with SQLite's "database is locked" (SQLITE_BUSY) instead of waiting. MongoDB never answers so:
 * it queues concurrent writes on document locks. Such a refusal changed nothing and is safe to send again.
 */
export function isFerretDbBusy(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /SQLITE_BUSY|database is locked/i.test(message);
}

/** Sends `op` again while FerretDB refuses it as busy, backing off a little each time (up to ~30 s in all). */
export async function retryWhileFerretDbBusy<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await op();
    } catch (err) {
      if (!isFerretDbBusy(err) || attempt >= 40) throw err;
      await delay(Math.min(1_000, 25 * attempt) + Math.random() * 50);
    }
  }
}
