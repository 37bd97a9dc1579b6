import type { ReleaseStore } from '../port.js';
import { boardAuth } from './board-auth.js';
import { boardQueries } from './board-queries.js';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { openSqlite, type SqliteDb } from './open.js';
import { outboxStore } from './outbox.js';
import { releaseQueries } from './queries.js';
import { refsAndFlows } from './refs-and-flows.js';
import { toMs } from './release-rows.js';
import { migrate } from './schema.js';
import { transitionWriter } from './transitions.js';

export interface SqliteStoreOptions {
  /** Path of the database file (under DATA_DIR), or `:memory:` for tests. */
  file: string;
  /** Run WAL checkpoints in a worker (checkpointer.ts). Default true; a second connection of the same process leaves it to the first. */
  checkpoints?: boolean;
}

/**
 * The embedded store used when MONGODB_URI is unset. better-sqlite3 is synchronous; the port is
 * async so callers treat every store alike, and a thrown SQLite error becomes a rejected promise.
 * Statements are prepared on `init` (they need the tables), so every method requires `init` first.
 */
export function createSqliteStore(opts: SqliteStoreOptions): ReleaseStore & { readonly db: SqliteDb } {
  const db = openSqlite(opts.file);
  let parts: ReturnType<typeof prepare> | undefined;
  let checkpointer: Checkpointer | undefined;
  const p = () => {
    if (!parts) throw new Error(`sqlite store ${opts.file}: init() must be called before use`);
    return parts;
  };
  function prepare() {
    return {
      writer: transitionWriter(db),
      queries: releaseQueries(db),
      outbox: outboxStore(db),
      misc: refsAndFlows(db),
      board: boardQueries(db),
      auth: boardAuth(db),
      forgetKeys: db.prepare<[number]>('DELETE FROM idempotency_keys WHERE at < ?'),
      // One statement, so concurrent callers (and processes) each get their own number.
      nextNumber: db.prepare<[], { value: number }>(
        "UPDATE counters SET value = value + 1 WHERE name = 'release_number' RETURNING value",
      ),
    };
  }

  return {
    name: 'sqlite',
    db,
    async init() {
      migrate(db);
      parts ??= prepare();
      if (opts.file !== ':memory:' && opts.checkpoints !== false)
        checkpointer ??= startCheckpointer(opts.file);
    },
    async close() {
      await checkpointer?.stop();
      checkpointer = undefined;
      if (db.open) db.close();
    },
    async ping() {
      try {
        return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    async nextReleaseNumber() {
      const row = p().nextNumber.get();
      if (!row) throw new Error('sqlite store: the release number counter row is missing');
      return row.value;
    },
    create: async (t) => p().writer.create(t),
    commit: async (t) => p().writer.commit(t),
    load: async (id) => p().queries.load(id),
    findByIdempotencyKey: async (key) => p().queries.findByIdempotencyKey(key),
    forgetRequestKeys: async (before) => p().forgetKeys.run(toMs(before) ?? 0).changes,
    pendingFor: async (person, limit) => p().queries.pendingFor(person, limit),
    openBy: async (person, limit) => p().queries.openBy(person, limit),
    list: async (q) => p().queries.list(q),
    searchReleases: async (q) => p().board.search(q),
    eventsOf: async (ids) => p().board.eventsOf(ids),
    dueTimers: async (now) => p().queries.dueTimers(now),
    allTimers: async () => p().queries.allTimers(),
    events: async (releaseId) => p().queries.events(releaseId),
    event: async (releaseId, seq) => p().queries.event(releaseId, seq),
    pendingOutbox: async (now, limit) => p().outbox.pending(now, limit),
    heldOutbox: async (now, limit) => p().outbox.held(now, limit),
    claimOutbox: async (key, owner, now, staleMs) => p().outbox.claim(key, owner, now, staleMs),
    claimOutboxMany: async (keys, owner, now, staleMs) => p().outbox.claimMany(keys, owner, now, staleMs),
    renewOutboxClaim: async (key, owner, now) => p().outbox.renew(key, owner, now),
    markDelivered: async (key) => p().outbox.markDelivered(key),
    deferOutbox: async (key, notBefore, error, counted = true) =>
      p().outbox.defer(key, notBefore, error, counted),
    postponeOutbox: async (key, notBefore) => p().outbox.postpone(key, notBefore),
    saveMessageRef: async (releaseId, key, ref) => p().misc.saveMessageRef(releaseId, key, ref),
    messageRefs: async (releaseId) => p().misc.messageRefs(releaseId),
    putFlow: async (flow) => p().misc.putFlow(flow),
    getFlow: async (id, version) => p().misc.getFlow(id, version),
    saveSignInLink: async (link) => p().auth.saveLink(link),
    checkSignInLink: async (hash, now) => p().auth.checkLink(hash, now),
    redeemSignInLink: async (hash, now) => p().auth.redeemLink(hash, now),
    saveSession: async (session) => p().auth.saveSession(session),
    findSession: async (hash, now) => p().auth.findSession(hash, now),
    endSession: async (hash) => p().auth.endSession(hash),
  };
}
