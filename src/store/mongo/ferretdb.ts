import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from 'mongodb';

/**
 * The seam for FerretDB v1, the MongoDB-compatible server the MongoDB suites run on. Production runs
 * MongoDB (a replica set or Atlas); what differs on FerretDB is decided here, so a reader of the store
 * and the scheduler sees the MongoDB design first and every work-around in one place: the store's
 * FerretDB-only code is in `ferretdb/`, chosen per call by `onMongoOrFerretDb`, the scheduler's in
 * src/scheduler/ferretdb-agenda.ts.
 */

/**
 * Which server MONGODB_URI reaches (MONGODB_SERVER): `detect` (the default) asks it, `mongodb` and
 * `ferretdb` say so without asking (a proxy that hides buildInfo, or a test of the MongoDB path).
 */
export const MONGO_SERVERS = ['detect', 'mongodb', 'ferretdb'] as const;
export type MongoServerChoice = (typeof MONGO_SERVERS)[number];

/**
 * Whether `db` is served by FerretDB: as `choice` says, or, to detect, as buildInfo says (FerretDB
 * adds `ferretdbVersion`; MongoDB has no such field). Asked once per database handle, and again after
 * a failure: the server may be down when the first caller asks.
 */
export function ferretDbProbe(db: Db, choice: MongoServerChoice = 'detect'): () => Promise<boolean> {
  if (choice !== 'detect') {
    const fixed = Promise.resolve(choice === 'ferretdb');
    return () => fixed;
  }
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
 * `mongo`'s methods (all async), each sent to `ferret`'s namesake instead when the server is FerretDB:
 * the store states its MongoDB design in `mongo` and keeps the work-around apart, in `ferretdb/`.
 */
export function onMongoOrFerretDb<T extends object>(
  isFerretDb: () => Promise<boolean>,
  mongo: T,
  ferret: T,
): T {
  const chosen = async () => ((await isFerretDb()) ? ferret : mongo);
  const call = async (name: string, args: unknown[]) =>
    ((await chosen()) as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args);
  return Object.fromEntries(
    Object.keys(mongo).map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as T;
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
