import type { AuditEvent } from '../../domain/types.js';
import type { CommitResult, OutboxEntry, Transition } from '../port.js';
import { requestKeyTime } from '../request-key-time.js';
import type { SqliteDb } from './open.js';
import { derivedRowsWriter, releaseColumns, toMs } from './release-rows.js';

/** The columns of a release row that indexes cover (besides id and created_at, which never change). */
const INDEXED = [
  'status',
  'system',
  'requester',
  'flow_id',
  'title',
  'team',
  'launched_at',
  'window_start',
  'window_end',
] as const;
type IndexedColumns = Pick<ReturnType<typeof releaseColumns>, (typeof INDEXED)[number]>;

const DUPLICATE: CommitResult = { ok: false, reason: 'duplicate' };
const CONFLICT: CommitResult = { ok: false, reason: 'conflict' };
const OK: CommitResult = { ok: true };

/**
 * The two writes of the store: create a release, and commit a transition to it. Each is one SQLite
 * transaction taken with BEGIN IMMEDIATE, so the idempotency check, the version check and the writes
 * hold the file's write lock together; another process sharing the file waits (busy_timeout) instead of
 * interleaving. A failed check returns before anything is written.
 */
export function transitionWriter(db: SqliteDb) {
  const keySeen = db.prepare('SELECT 1 FROM idempotency_keys WHERE key = ?');
  const rememberKey = db.prepare('INSERT INTO idempotency_keys (key, release_id, at) VALUES (?, ?, ?)');
  const releaseExists = db.prepare('SELECT 1 FROM releases WHERE id = ?');
  const insertRelease = db.prepare(`
    INSERT INTO releases (id, number, version, status, system, requester, flow_id, title, team, launched_at,
      window_start, window_end, created_at, doc)
    VALUES (@id, @number, @version, @status, @system, @requester, @flow_id, @title, @team, @launched_at,
      @window_start, @window_end, @created_at, @doc)`);
  // The optimistic-concurrency check: the row changes only if nobody wrote since it was loaded.
  const updateRelease = db.prepare(`
    UPDATE releases SET version = @version, status = @status, system = @system, requester = @requester,
      flow_id = @flow_id, title = @title, team = @team, launched_at = @launched_at,
      window_start = @window_start, window_end = @window_end, doc = @doc
    WHERE id = @id AND version = @expected`);
  // Most commits change none of the indexed columns, but SQLite rewrites the index entry of every
  // column an UPDATE sets, changed or not: setting only version and document writes 5 fewer pages per
  // commit (17 instead of 22 for an approval), so the full update runs only when an indexed value changed.
  const indexedNow = db.prepare<[string], IndexedColumns>(
    `SELECT ${INDEXED.join(', ')} FROM releases WHERE id = ?`,
  );
  const updateDoc = db.prepare(
    'UPDATE releases SET version = @version, doc = @doc WHERE id = @id AND version = @expected',
  );
  const insertText = db.prepare('INSERT INTO release_search (rowid, title, system) VALUES (?, ?, ?)');
  const dropText = db.prepare('DELETE FROM release_search WHERE rowid = ?');
  const insertEvent = db.prepare('INSERT INTO events (release_id, seq, doc) VALUES (?, ?, ?)');
  const insertOutbox = db.prepare(`
    INSERT INTO outbox (key, release_id, version, effect, created_at, attempts, not_before, not_before_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const writeDerived = derivedRowsWriter(db);

  const appendRest = (t: Omit<Transition, 'expectedVersion'>): void => {
    for (const e of t.events) insertEvent.run(e.releaseId, e.seq, JSON.stringify(e));
    for (const o of t.outbox) addOutbox(o);
    writeDerived(t.release);
    if (t.idempotencyKey !== undefined)
      rememberKey.run(t.idempotencyKey, t.release.id, requestKeyTime(t.events));
  };
  const addOutbox = (o: OutboxEntry): void => {
    insertOutbox.run(
      o.key,
      o.releaseId,
      o.version,
      JSON.stringify(o.effect),
      o.createdAt,
      o.attempts,
      o.notBefore,
      toMs(o.notBefore),
    );
  };
  const seen = (key: string | undefined) => key !== undefined && keySeen.get(key) !== undefined;

  const create = db.transaction((t: Omit<Transition, 'expectedVersion'>): CommitResult => {
    if (seen(t.idempotencyKey)) return DUPLICATE;
    // Same id twice means two creators raced for one number; the later one must reload, not overwrite.
    if (releaseExists.get(t.release.id) !== undefined) return CONFLICT;
    checkEvents(t.release.id, t.events);
    insertRelease.run(releaseColumns(t.release));
    insertText.run(t.release.number, t.release.title, t.release.system);
    appendRest(t);
    return OK;
  });

  const commit = db.transaction((t: Transition): CommitResult => {
    if (seen(t.idempotencyKey)) return DUPLICATE;
    checkEvents(t.release.id, t.events);
    const columns = releaseColumns(t.release);
    const now = indexedNow.get(t.release.id);
    const same = now !== undefined && INDEXED.every((c) => now[c] === columns[c]);
    const changed = (
      same
        ? updateDoc.run({
            id: columns.id,
            version: columns.version,
            doc: columns.doc,
            expected: t.expectedVersion,
          })
        : updateRelease.run({ ...columns, expected: t.expectedVersion })
    ).changes;
    if (changed === 0) return CONFLICT;
    if (now && (now.title !== columns.title || now.system !== columns.system)) {
      dropText.run(t.release.number);
      insertText.run(t.release.number, t.release.title, t.release.system);
    }
    appendRest(t);
    return OK;
  });

  return {
    create: (t: Omit<Transition, 'expectedVersion'>) => create.immediate(t),
    commit: (t: Transition) => commit.immediate(t),
  };
}

/** Events of another release in a transition are a caller bug; refuse before writing anything. */
function checkEvents(releaseId: string, events: AuditEvent[]): void {
  const stray = events.find((e) => e.releaseId !== releaseId);
  if (stray) throw new Error(`event ${stray.releaseId}#${stray.seq} does not belong to release ${releaseId}`);
}
