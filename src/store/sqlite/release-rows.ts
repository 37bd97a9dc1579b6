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
 * queries, whatever its document still lists.
 */
export function derivedRowsWriter(db: SqliteDb) {
  const clearAwaiting = db.prepare('DELETE FROM awaiting WHERE release_id = ?');
  const addAwaiting = db.prepare('INSERT OR IGNORE INTO awaiting (person, release_id) VALUES (?, ?)');
  const clearTimers = db.prepare('DELETE FROM timers WHERE release_id = ?');
  const addTimer = db.prepare(
    'INSERT OR REPLACE INTO timers (release_id, timer_id, due_at, doc) VALUES (?, ?, ?, ?)',
  );
  return (r: Release): void => {
    clearAwaiting.run(r.id);
    clearTimers.run(r.id);
    if (r.status !== 'active') return;
    for (const person of r.awaiting) addAwaiting.run(person, r.id);
    for (const t of r.timers) addTimer.run(r.id, t.id, toMs(t.dueAt), JSON.stringify(t));
  };
}
