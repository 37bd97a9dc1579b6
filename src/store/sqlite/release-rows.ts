import type { Release } from '../../domain/types.js';
import type { SqliteDb } from './open.js';

/** Epoch ms of an ISO time, or null; a malformed time is a bug of ours, so it throws with the value. */
export function toMs(iso: string | undefined): number | null {
  if (iso === undefined) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${JSON.stringify(iso)}`);
  return ms;
}

/** The indexed columns of a release row. A window given by one end only is treated as that instant. */
export function releaseColumns(r: Release) {
  const start = toMs(r.window?.start ?? r.window?.end);
  const end = toMs(r.window?.end ?? r.window?.start);
  return {
    id: r.id,
    number: r.number,
    version: r.version,
    status: r.status,
    system: r.system,
    requester: r.requester,
    flow_id: r.flowId,
    title: r.title,
    team: r.team ?? null,
    launched_at: toMs(r.launchedAt),
    window_start: start,
    window_end: end,
    created_at: toMs(r.createdAt),
    doc: JSON.stringify(r),
  };
}

export function parseRelease(doc: string): Release {
  return JSON.parse(doc) as Release;
}

/**
 * Prepared statements that rewrite the derived rows of one release (who it awaits, its timers).
 * Only an open release keeps them: a closed one must drop out of "pending for me" and of the timer
 * queries, whatever its document still lists. Rows that already say the same are left alone: a refused
 * click's audit entry, a reminder or a tick changes neither, and rewriting equal rows still dirtied
 * four pages (table and index of each) of a commit that otherwise writes about eight.
 */
export function derivedRowsWriter(db: SqliteDb) {
  const awaitingNow = db.prepare<[string], { person: string }>(
    'SELECT person FROM awaiting WHERE release_id = ?',
  );
  const timersNow = db.prepare<[string], { timer_id: string; due_at: number; doc: string }>(
    'SELECT timer_id, due_at, doc FROM timers WHERE release_id = ?',
  );
  const clearAwaiting = db.prepare('DELETE FROM awaiting WHERE release_id = ?');
  const addAwaiting = db.prepare('INSERT OR IGNORE INTO awaiting (person, release_id) VALUES (?, ?)');
  const clearTimers = db.prepare('DELETE FROM timers WHERE release_id = ?');
  // Deciders only grow (a release from before they were kept has older ones only here), so they are added, never cleared.
  const decidersNow = db.prepare<[string], { person: string }>(
    'SELECT person FROM deciders WHERE release_id = ?',
  );
  const addDecider = db.prepare('INSERT OR IGNORE INTO deciders (person, release_id) VALUES (?, ?)');
  const addTimer = db.prepare(
    'INSERT OR REPLACE INTO timers (release_id, timer_id, due_at, doc) VALUES (?, ?, ?, ?)',
  );
  return (r: Release): void => {
    const open = r.status === 'active';
    const people = open ? new Set(r.awaiting) : new Set<string>();
    // By id, the last one winning, as INSERT OR REPLACE leaves them.
    const timers = new Map<string, { due: number | null; doc: string }>();
    if (open) for (const t of r.timers) timers.set(t.id, { due: toMs(t.dueAt), doc: JSON.stringify(t) });
    const stored = awaitingNow.all(r.id);
    if (stored.length !== people.size || stored.some((row) => !people.has(row.person))) {
      clearAwaiting.run(r.id);
      for (const person of people) addAwaiting.run(person, r.id);
    }
    if (r.deciders?.length) {
      const known = new Set(decidersNow.all(r.id).map((row) => row.person));
      for (const person of r.deciders) if (!known.has(person)) addDecider.run(person, r.id);
    }
    const storedTimers = timersNow.all(r.id);
    const sameTimers =
      storedTimers.length === timers.size &&
      storedTimers.every((row) => {
        const want = timers.get(row.timer_id);
        return want !== undefined && want.due === row.due_at && want.doc === row.doc;
      });
    if (!sameTimers) {
      clearTimers.run(r.id);
      for (const [id, t] of timers) addTimer.run(r.id, id, t.due, t.doc);
    }
  };
}
