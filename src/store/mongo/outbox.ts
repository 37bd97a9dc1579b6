import type { UpdateFilter } from 'mongodb';
import type { OutboxEntry } from '../port.js';
import { type OutboxDoc, toMs } from './docs.js';
import { ferretDbOutboxClaims } from './ferretdb/outbox-claims.js';
import { onMongoOrFerretDb } from './ferretdb.js';
import type { MongoParts } from './parts.js';
import { areCommitted } from './seen-versions.js';

/** How an entry is claimed for sending and let go: MongoDB's way here, FerretDB's in ferretdb/. */
export interface OutboxClaims {
  /** Whether `owner` now holds the entry: it is undelivered, due, and unclaimed or claimed `staleMs` ago. */
  claim(key: string, owner: string, nowMs: number, staleMs: number): Promise<boolean>;
  /** Moves `owner`'s claim time forward; false if it no longer holds the entry. */
  renew(key: string, owner: string, nowMs: number): Promise<boolean>;
  /** Removes a delivered entry, and its claim with it. */
  delivered(key: string): Promise<void>;
  /** Applies `set` to an entry sent without success (or given back) and ends its claim. */
  deferred(key: string, set: UpdateFilter<OutboxDoc>): Promise<void>;
}

/**
 * Claims on MongoDB: fields of the entry itself (`claimedBy`, `claimedAtMs`), taken by one conditional
 * update whose filter says "undelivered, due, and unclaimed or claimed at least `staleMs` ago". MongoDB
 * applies a single-document update atomically, so of two replicas claiming one entry exactly one matches
 * (the other finds the claim fresh). That guarantee cannot be checked on the test server (FerretDB's
 * conditional update is not single-winner; it claims by unique insert instead: ferretdb/outbox-claims.ts);
 * the contract suite checks it when run against a MongoDB server.
 */
function mongoOutboxClaims(p: MongoParts): OutboxClaims {
  const unclaimed = { claimedBy: null, claimedAtMs: null };
  return {
    async claim(key, owner, nowMs, staleMs) {
      const won = await p.outbox.updateOne(
        {
          _id: key,
          delivered: false,
          notBeforeMs: { $lte: nowMs },
          $or: [{ claimedAtMs: null }, { claimedAtMs: { $lte: nowMs - staleMs } }],
        },
        { $set: { claimedBy: owner, claimedAtMs: nowMs } },
      );
      return won.modifiedCount === 1;
    },
    async renew(key, owner, nowMs) {
      const mine = await p.outbox.updateOne({ _id: key, claimedBy: owner }, { $set: { claimedAtMs: nowMs } });
      return mine.matchedCount === 1;
    },
    async delivered(key) {
      await p.outbox.deleteOne({ _id: key });
    },
    async deferred(key, set) {
      await p.outbox.updateOne({ _id: key }, { ...set, $set: { ...set.$set, ...unclaimed } });
    },
  };
}

/**
 * Delivery bookkeeping of the outbox. Entries live in their own collection, one document per effect key,
 * so marking one delivered never rewrites the release document a transition may be writing. A claim
 * (`OutboxClaims`) gives an entry to one sender; a claim older than `staleMs` may be taken over; a
 * delivered entry is removed, so it is never handed out or claimed again; a failed attempt ends its
 * claim so the retry can be claimed anew.
 */
export function outboxStore(p: MongoParts) {
  const claims = onMongoOrFerretDb(p.isFerretDb, mongoOutboxClaims(p), ferretDbOutboxClaims(p));
  const store = {
    async pending(now: string, limit: number): Promise<OutboxEntry[]> {
      const found: OutboxEntry[] = [];
      // Staged entries of a commit that never landed are skipped, so read in pages until `limit` real ones.
      for (let skip = 0; found.length < limit; skip += limit) {
        const docs = await p.outbox
          .find({ delivered: false, notBeforeMs: { $lte: toMs(now) } })
          .sort({ stagedAtMs: 1, position: 1, _id: 1 })
          .skip(skip)
          .limit(limit)
          .toArray();
        const committed = await areCommitted(p, docs);
        docs.forEach((doc, i) => {
          if (committed[i] && found.length < limit) found.push(toEntry(doc));
        });
        if (docs.length < limit) break;
      }
      return found;
    },
    /** Entries in backoff: only failed sends are, and delivered entries are removed, so few documents. */
    async inBackoff(now: string, limit: number): Promise<OutboxEntry[]> {
      const docs = await p.outbox
        .find({ delivered: false, notBeforeMs: { $gt: toMs(now) } })
        .sort({ stagedAtMs: 1, position: 1, _id: 1 })
        .limit(limit)
        .toArray();
      if (!docs.length) return [];
      const committed = await areCommitted(p, docs);
      return docs.filter((_, i) => committed[i]).map(toEntry);
    },
    claim: (key: string, owner: string, now: string, staleMs: number): Promise<boolean> =>
      claims.claim(key, owner, toMs(now), staleMs),
    /** One claim after another, in the order asked. */
    async claimMany(keys: readonly string[], owner: string, now: string, staleMs: number): Promise<string[]> {
      const won: string[] = [];
      for (const key of keys) if (await store.claim(key, owner, now, staleMs)) won.push(key);
      return won;
    },
    renew: (key: string, owner: string, now: string): Promise<boolean> => claims.renew(key, owner, toMs(now)),
    /**
     * A delivered entry is removed: nothing hands it out or claims it again (both need the document),
     * and the collection holds only what is still to send.
     */
    markDelivered: (key: string): Promise<void> => claims.delivered(key),
    /**
     * With `$max`, so it never brings an entry forward. Both fields move together: ISO times of one
     * format order like their ms.
     */
    async postpone(key: string, notBefore: string): Promise<void> {
      await p.outbox.updateOne({ _id: key }, { $max: { notBefore, notBeforeMs: toMs(notBefore) } });
    },
    async defer(key: string, notBefore: string, error: string, counted: boolean): Promise<void> {
      // Bounded so a huge stack trace cannot bloat the document; the deliverer logged the full error.
      await claims.deferred(key, {
        $inc: { attempts: counted ? 1 : 0 },
        $set: { notBefore, notBeforeMs: toMs(notBefore), lastError: error.slice(0, 2000) },
      });
    },
  };
  return store;
}

function toEntry(doc: OutboxDoc): OutboxEntry {
  return {
    key: doc._id,
    releaseId: doc.releaseId,
    effect: doc.effect,
    version: doc.version,
    createdAt: doc.createdAt,
    attempts: doc.attempts,
    notBefore: doc.notBefore,
  };
}
