import type Database from 'better-sqlite3';
import type { SqliteDb } from '../../store/sqlite/open.js';

const MAX_STATEMENTS = 200;
const caches = new WeakMap<SqliteDb, Map<string, Database.Statement>>();

/**
 * A prepared statement for SQL built per call (filters of Agenda's queries): the texts repeat, and
 * preparing each time was a visible share of a decision's scheduler sync. Bounded, oldest out first.
 */
export function prepared<P extends unknown[] | object = unknown[], R = unknown>(
  db: SqliteDb,
  sql: string,
): Database.Statement<P, R> {
  const cache = caches.get(db) ?? new Map<string, Database.Statement>();
  caches.set(db, cache);
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
  }
  return statement as unknown as Database.Statement<P, R>;
}
