import type { AuditEvent, PersonId, Release, TimerState } from '../../domain/types.js';
import type { ReleaseQuery } from '../port.js';
import type { SqliteDb } from './open.js';
import { parseRelease, toMs } from './release-rows.js';

type DocRow = { doc: string };
type TimerRow = { release_id: string; doc: string };

/** Newest first: creation time, then number for releases created in the same millisecond. */
const NEWEST_FIRST = 'ORDER BY r.created_at DESC, r.number DESC';
const DEFAULT_LIMIT = 100;

/** The read side of the store. Statements are prepared once; `list` builds its filter per call. */
export function releaseQueries(db: SqliteDb) {
  const loadStmt = db.prepare<[string], DocRow>('SELECT doc FROM releases WHERE id = ?');
  const keyStmt = db.prepare<[string], { release_id: string }>(
    'SELECT release_id FROM idempotency_keys WHERE key = ?',
  );
  const awaitingOpen = `FROM awaiting a JOIN releases r ON r.id = a.release_id
    WHERE a.person = ? AND r.status = 'active'`;
  const pendingStmt = db.prepare<[string, number], DocRow>(
    `SELECT r.doc ${awaitingOpen} ${NEWEST_FIRST} LIMIT ?`,
  );
  const pendingCountStmt = db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n ${awaitingOpen}`);
  const openByWhere = `FROM releases r WHERE r.requester = ? AND r.status = 'active'`;
  const openByStmt = db.prepare<[string, number], DocRow>(
    `SELECT r.doc ${openByWhere} ${NEWEST_FIRST} LIMIT ?`,
  );
  const openByCountStmt = db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n ${openByWhere}`);
  // The timers table only holds rows of open releases (see derivedRowsWriter); the join re-checks it.
  const timerSelect = `SELECT t.release_id, t.doc FROM timers t JOIN releases r ON r.id = t.release_id
    WHERE r.status = 'active'`;
  const dueStmt = db.prepare<[number], TimerRow>(
    `${timerSelect} AND t.due_at <= ? ORDER BY t.due_at, t.release_id`,
  );
  const allTimersStmt = db.prepare<[], TimerRow>(`${timerSelect} ORDER BY t.due_at, t.release_id`);
  const eventsStmt = db.prepare<[string], DocRow>('SELECT doc FROM events WHERE release_id = ? ORDER BY seq');
  const eventStmt = db.prepare<[string, number], DocRow>(
    'SELECT doc FROM events WHERE release_id = ? AND seq = ?',
  );

  const toTimers = (rows: TimerRow[]) =>
    rows.map((row) => ({ releaseId: row.release_id, timer: JSON.parse(row.doc) as TimerState }));

  return {
    load(id: string): Release | null {
      const row = loadStmt.get(id);
      return row ? parseRelease(row.doc) : null;
    },
    findByIdempotencyKey(key: string): { releaseId: string } | null {
      const row = keyStmt.get(key);
      return row ? { releaseId: row.release_id } : null;
    },
    pendingFor(person: PersonId, limit: number): { releases: Release[]; total: number } {
      const releases = pendingStmt.all(person, limit).map((row) => parseRelease(row.doc));
      // A page that is not full is all there is; only a full one needs counting.
      const total = releases.length < limit ? releases.length : (pendingCountStmt.get(person)?.n ?? 0);
      return { releases, total };
    },
    openBy(person: PersonId, limit: number): { releases: Release[]; total: number } {
      const releases = openByStmt.all(person, limit).map((row) => parseRelease(row.doc));
      const total = releases.length < limit ? releases.length : (openByCountStmt.get(person)?.n ?? 0);
      return { releases, total };
    },
    list(q: ReleaseQuery): Release[] {
      const { where, params } = listFilter(q);
      const sql = `SELECT r.doc FROM releases r ${where} ${NEWEST_FIRST} LIMIT ?`;
      const rows = db.prepare<unknown[], DocRow>(sql).all(...params, q.limit ?? DEFAULT_LIMIT);
      return rows.map((row) => parseRelease(row.doc));
    },
    dueTimers(now: string) {
      return toTimers(dueStmt.all(toMs(now) ?? 0));
    },
    allTimers() {
      return toTimers(allTimersStmt.all());
    },
    events(releaseId: string): AuditEvent[] {
      return eventsStmt.all(releaseId).map((row) => JSON.parse(row.doc) as AuditEvent);
    },
    event(releaseId: string, seq: number): AuditEvent | null {
      const row = eventStmt.get(releaseId, seq);
      return row ? (JSON.parse(row.doc) as AuditEvent) : null;
    },
  };
}

/**
 * The WHERE clause of a list query. Window overlap with [from, to): the release's window starts before
 * `to` and ends after `from`; a single-instant window (start = end) counts if it lies inside [from, to).
 * Releases without a window never match a window filter.
 */
function listFilter(q: ReleaseQuery): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (q.status) {
    // An empty status list asks for nothing, not for everything.
    clauses.push(q.status.length ? `r.status IN (${q.status.map(() => '?').join(', ')})` : '0');
    params.push(...q.status);
  }
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  equal('r.system', q.system);
  equal('r.requester', q.requester);
  equal('r.flow_id', q.flowId);
  if (q.windowFrom !== undefined || q.windowTo !== undefined) clauses.push('r.window_start IS NOT NULL');
  if (q.windowTo !== undefined) {
    clauses.push('r.window_start < ?');
    params.push(toMs(q.windowTo));
  }
  if (q.windowFrom !== undefined) {
    const from = toMs(q.windowFrom);
    clauses.push('(r.window_end > ? OR (r.window_start = r.window_end AND r.window_start >= ?))');
    params.push(from, from);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
