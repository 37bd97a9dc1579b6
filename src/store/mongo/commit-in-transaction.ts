import type { ClientSession, TransactionOptions } from 'mongodb';
import type { CommitResult, Transition } from '../port.js';
import { requestKeyTime } from '../request-key-time.js';
import {
  CONFLICT,
  type CommitDocs,
  type CommitWriter,
  commitDocs,
  DUPLICATE,
  newReleaseDoc,
  OK,
  withKey,
} from './commit-docs.js';
import { derivedFields } from './docs.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { MongoParts } from './parts.js';

/**
 * Snapshot reads and a majority commit: what MongoDB documents for a transaction whose outcome must
 * survive a failover ("Read Concern/Write Concern for transactions"); reads from the primary, as a
 * transaction must.
 */
const TRANSACTION: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/** A refusal decided inside the transaction: thrown so `withTransaction` aborts it, then answered. */
class Refused extends Error {
  constructor(readonly result: CommitResult) {
    super(`refused: ${result.ok ? 'ok' : result.reason}`);
  }
}

/**
 * The store's two writes on MongoDB: each is ONE transaction around the release write and the inserts of
 * its audit events and outbox entries (and, for a create, the claim of its request key), so they count
 * together or not at all, as MongoDB documents multi-document writes that must. The driver's
 * `withTransaction` retries a transaction that met a TransientTransactionError (a write conflict with a
 * concurrent commit, a failover) and a commit whose result is unknown; a retry reads the release again
 * and answers "conflict" if another commit moved it on. The release write comes first and is conditional
 * on the version (`{_id, version}`): a refusal is decided before anything is inserted. Events and outbox
 * entries keep their `commitVersion` tag (commit-docs.ts), so readers are the same on both servers.
 * FerretDB has no transactions; there a ticket protocol stands in (ferretdb/commit-with-tickets.ts).
 */
export function commitInTransaction(p: MongoParts): CommitWriter {
  async function inTransaction(work: (session: ClientSession) => Promise<void>): Promise<CommitResult> {
    const session = p.db.client.startSession();
    try {
      await session.withTransaction(work, TRANSACTION);
      return OK;
    } catch (err) {
      if (err instanceof Refused) return err.result;
      // Another writer's insert of the same `_id` got there first: a release created under the same
      // number, a request key claimed by a concurrent create (see `create`), or the events of the
      // same version. Rolled back whole; the caller reloads and tries again, or is told so.
      if (isDuplicateKey(err)) return /request_keys/.test(String(err)) ? DUPLICATE : CONFLICT;
      throw err;
    } finally {
      await session.endSession();
    }
  }

  const insertDocs = async (docs: CommitDocs, session: ClientSession) => {
    if (docs.events.length) await p.events.insertMany(docs.events, { session });
    if (docs.outbox.length) await p.outbox.insertMany(docs.outbox, { session });
  };

  return {
    async create(t) {
      const key = t.idempotencyKey;
      const docs = commitDocs(t, t.release.version);
      const result = await inTransaction(async (session) => {
        if (
          key !== undefined &&
          (await p.releases.findOne({ idemKeys: key }, { session, projection: { _id: 1 } }))
        )
          throw new Refused(DUPLICATE);
        // Same id twice means two creators raced for one number; the later one must reload, not overwrite.
        if (await p.releases.findOne({ _id: t.release.id }, { session, projection: { _id: 1 } }))
          throw new Refused(CONFLICT);
        // The release's insert is the write that decides (a unique `_id`), then the request key's claim:
        // two deliveries of one form create two different releases, so only an insert under the key
        // itself makes them conflict (request-keys.ts says how the key is found).
        await p.releases.insertOne(newReleaseDoc(t, requestKeyTime(t.events)), { session });
        if (key !== undefined)
          await p.requestKeys.insertOne({ _id: key, releaseId: t.release.id }, { session });
        await insertDocs(docs, session);
      });
      if (result.ok) {
        p.seen.note(t.release.id, t.release.version);
        p.recentEvents.note(docs.events);
      }
      return result;
    },

    async commit(t: Transition, saw) {
      const id = t.release.id;
      const docs = commitDocs(t, t.release.version);
      const result = await inTransaction(async (session) => {
        const current = await p.releases.findOne(
          { _id: id },
          { session, projection: { idemKeys: 1, idemKeyTimes: 1, version: 1 } },
        );
        if (!current) throw new Refused(CONFLICT);
        saw(current.version);
        p.seen.note(id, current.version);
        // Checked in the very document the commit changes: the core commits from a fresh load.
        if (t.idempotencyKey !== undefined && current.idemKeys.includes(t.idempotencyKey))
          throw new Refused(DUPLICATE);
        if (current.version !== t.expectedVersion) throw new Refused(CONFLICT);
        const applied = withKey(current, t.idempotencyKey, requestKeyTime(t.events));
        const written = await p.releases.updateOne(
          { _id: id, version: t.expectedVersion },
          { $set: { release: t.release, ...applied, ...derivedFields(t.release) } },
          { session },
        );
        if (written.matchedCount === 0) throw new Refused(CONFLICT);
        await insertDocs(docs, session);
      });
      if (result.ok) {
        saw(t.release.version);
        p.seen.note(id, t.release.version);
        p.recentEvents.note(docs.events);
      }
      return result;
    },
  };
}
