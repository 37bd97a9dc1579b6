import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDb = Database.Database;

const SAFETY_CHECKPOINT_PAGES = 10_000;

/**
 * Opens (or creates) the SQLite file shared by the release store and the Agenda backend.
 * WAL lets readers run while one writer commits, and several connections (processes, or the store and
 * the scheduler of one process) may hold the file at once; `busy_timeout` makes a writer wait for the
 * lock instead of failing at once. `:memory:` gives a private database for tests.
 */
export function openSqlite(file: string): SqliteDb {
  // A fresh clone has no DATA_DIR yet; creating it here keeps `npm start` a single command.
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // NORMAL is durable under WAL except for the last transactions on power loss, which is the usual trade.
  db.pragma('synchronous = NORMAL');
  // Checkpoints run in a worker (checkpointer.ts); a commit checkpoints itself only if the WAL grows
  // past ~40 MB anyway (the worker stopped or fell behind).
  if (file !== ':memory:') db.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
  db.pragma('foreign_keys = ON');
  return db;
}
