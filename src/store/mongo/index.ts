import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Db, MongoClient } from 'mongodb';
import type { ReleaseStore } from '../port.js';
import { boardAuth } from './board-auth.js';
import { backfillBoardFields } from './board-fields.js';
import { boardQueries } from './board-queries.js';
import type { MongoServerChoice } from './ferretdb.js';
import { forgetRequestKeys } from './forget-keys.js';
import { outboxStore } from './outbox.js';
import { ensureIndexes, mongoParts } from './parts.js';
import { releaseQueries } from './queries.js';
import { refsAndFlows } from './refs-and-flows.js';
import { requireTransactions } from './replica-set.js';
import { removeTicketLeftovers } from './ticket-leftovers.js';
import { transitionWriter } from './transitions.js';

export interface MongoStoreOptions {
  /** MONGODB_URI: a replica set or Atlas in production (init refuses a standalone), FerretDB in tests. */
  uri: string;
  dbName: string;
  /**
   * MONGODB_SERVER: `detect` (default) asks the server whether it is FerretDB, whose few work-arounds
   * then apply (ferretdb.ts); `mongodb` or `ferretdb` says so without asking.
   */
  server?: MongoServerChoice;
  /** How long an operation waits for a reachable server before failing (and /readyz saying not ready). */
  serverSelectionTimeoutMS?: number;
}

/**
 * The production store: MongoDB through the official driver. Any number of bot processes may share one
 * database; every write that needs one winner is decided by the server (a transaction per commit, see
 * transitions.ts), never by a process. The Agenda scheduler uses the same database (`db`).
 */
export function createMongoStore(
  opts: MongoStoreOptions,
): ReleaseStore & { readonly db: Db; readonly client: MongoClient } {
  const client = new MongoClient(opts.uri, {
    // Optional fields of a release are left out, not stored as null, so a release loads back as written.
    ignoreUndefined: true,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5_000,
    appName: 'golive',
  });
  const db = client.db(opts.dbName);
  const parts = mongoParts(db, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, opts.server);
  const writer = transitionWriter(parts);
  const queries = releaseQueries(parts);
  const outbox = outboxStore(parts);
  const misc = refsAndFlows(parts);
  const board = boardQueries(parts);
  const auth = boardAuth(db);
  let closed = false;

  return {
    name: 'mongodb',
    db,
    client,
    async init() {
      const mongo = !(await parts.isFerretDb());
      if (mongo) await requireTransactions(db, opts.uri);
      await ensureIndexes(parts);
      if (mongo) {
        await removeTicketLeftovers(parts);
        await misc.seedReleaseCounter();
      }
      await auth.ensureIndexes();
      await backfillBoardFields(parts);
    },
    async close() {
      closed = true;
      await client.close();
    },
    async ping() {
      if (closed) return false;
      try {
        await db.command({ ping: 1 }, { timeoutMS: 2_000 });
        return true;
      } catch {
        return false;
      }
    },
    nextReleaseNumber: () => misc.nextReleaseNumber(),
    create: (t) => writer.create(t),
    commit: (t) => writer.commit(t),
    load: (id) => queries.load(id),
    findByIdempotencyKey: (key) => queries.findByIdempotencyKey(key),
    forgetRequestKeys: (before) => forgetRequestKeys(parts, Date.parse(before)),
    pendingFor: (person, limit) => queries.pendingFor(person, limit),
    openBy: (person, limit) => queries.openBy(person, limit),
    list: (q) => queries.list(q),
    searchReleases: (q) => board.search(q),
    eventsOf: (ids) => board.eventsOf(ids),
    dueTimers: (now) => queries.dueTimers(now),
    allTimers: () => queries.allTimers(),
    events: (releaseId) => queries.events(releaseId),
    event: (releaseId, seq) => queries.event(releaseId, seq),
    pendingOutbox: (now, limit) => outbox.pending(now, limit),
    heldOutbox: (now, limit) => outbox.inBackoff(now, limit),
    claimOutbox: (key, owner, now, staleMs) => outbox.claim(key, owner, now, staleMs),
    claimOutboxMany: (keys, owner, now, staleMs) => outbox.claimMany(keys, owner, now, staleMs),
    renewOutboxClaim: (key, owner, now) => outbox.renew(key, owner, now),
    markDelivered: (key) => outbox.markDelivered(key),
    deferOutbox: (key, notBefore, error, counted = true) => outbox.defer(key, notBefore, error, counted),
    postponeOutbox: (key, notBefore) => outbox.postpone(key, notBefore),
    saveMessageRef: (releaseId, key, ref) => misc.saveMessageRef(releaseId, key, ref),
    messageRefs: (releaseId) => misc.messageRefs(releaseId),
    putFlow: (flow) => misc.putFlow(flow),
    getFlow: (id, version) => misc.getFlow(id, version),
    saveSignInLink: (link) => auth.saveLink(link),
    checkSignInLink: (hash, now) => auth.checkLink(hash, now),
    redeemSignInLink: (hash, now) => auth.redeemLink(hash, now),
    saveSession: (session) => auth.saveSession(session),
    findSession: (hash, now) => auth.findSession(hash, now),
    endSession: (hash) => auth.endSession(hash),
  };
}
