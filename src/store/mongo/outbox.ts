import type { OutboxEntry } from '../port.js';
import { type OutboxDoc, toMs } from './docs.js';
import type { MongoParts } from './parts.js';
import { areCommitted } from './seen-versions.js';
import { claimTicket, dropTickets, latestTicket, ticketId } from './tickets.js';

/**
 * Delivery bookkeeping of the outbox. Entries live in their own collection, one document per effect key,
 * so marking one delivered never rewrites the release document a transition may be writing. A claim is
 * a ticket named after the effect key (see tickets.ts): of two processes claiming the same entry exactly
 * one inserts it, on FerretDB too. A claim older than `staleMs` may be taken over; a delivered entry is
 * never handed out or claimed again (it is removed); a failed attempt drops its claim so the retry can be claimed anew.
 * Everything but the look for pending entries is a read or write of one `_id` (FerretDB v1 reads a whole
 * collection for anything else); that look reads only entries still to send (delivered ones are removed).
 */
export function outboxStore(p: MongoParts) {
  // The attempt this process holds for each entry it claimed, so its claim is ended by `_id`.
  const held = new Map<string, number>();
  const release = async (key: string) => {
    const attempt = held.get(key);
    held.delete(key);
    await dropTickets(p.outboxClaims, key, attempt);
  };
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
    /**
     * Entries in backoff. Only failed sends are, and delivered entries are removed, so this reads few
     * documents (FerretDB, which filters by scanning, reads the undelivered ones).
     */
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
    async claim(key: string, owner: string, now: string, staleMs: number): Promise<boolean> {
      const nowMs = toMs(now);
      const ticket = await claimTicket(p.outboxClaims, key, owner, { nowMs, staleMs });
      if (!ticket) return false;
      // Looked at under the ticket: delivered already (its sender removes it, then drops its ticket),
      // or not due yet (deferred after a failed attempt): this claim is not wanted; give it back.
      const entry = await p.outbox.findOne({ _id: key }, { projection: { notBeforeMs: 1, delivered: 1 } });
      if (!entry || entry.delivered || entry.notBeforeMs > nowMs) {
        await dropTickets(p.outboxClaims, key, ticket.attempt);
        return false;
      }
      held.set(key, ticket.attempt);
      return true;
    },
    /**
     * One claim after another: each is a ticket insert and a read by `_id` (single-winner on FerretDB,
     * which has no multi-document conditional write).
     */
    async claimMany(keys: readonly string[], owner: string, now: string, staleMs: number): Promise<string[]> {
      const won: string[] = [];
      for (const key of keys) if (await store.claim(key, owner, now, staleMs)) won.push(key);
      return won;
    },
    /**
     * Moves the holder's ticket time forward. A takeover inserts a newer ticket instead of changing this
     * one, so the holder still holds the claim only if its ticket is the newest, looked at after the write.
     */
    async renew(key: string, owner: string, now: string): Promise<boolean> {
      const mine = await latestTicket(p.outboxClaims, key);
      if (mine?.owner !== owner) return false;
      await p.outboxClaims.updateOne({ _id: ticketId(key, mine.attempt) }, { $set: { atMs: toMs(now) } });
      const latest = await latestTicket(p.outboxClaims, key, mine.attempt);
      return latest?.owner === owner;
    },
    /**
     * A delivered entry is removed: nothing hands it out or claims it again (both need the document),
     * and the collection holds only what is still to send (FerretDB scans it on every look).
     */
    async markDelivered(key: string): Promise<void> {
      await p.outbox.deleteOne({ _id: key });
      await release(key);
    },
    /**
     * By `_id` alone (FerretDB reads the whole collection for any other filter), with `$max` so it never
     * brings an entry forward. Both fields move together: ISO times of one format order like their ms.
     */
    async postpone(key: string, notBefore: string): Promise<void> {
      await p.outbox.updateOne({ _id: key }, { $max: { notBefore, notBeforeMs: toMs(notBefore) } });
    },
    async defer(key: string, notBefore: string, error: string, counted: boolean): Promise<void> {
      // Bounded so a huge stack trace cannot bloat the document; the deliverer logged the full error.
      await p.outbox.updateOne(
        { _id: key },
        {
          $inc: { attempts: counted ? 1 : 0 },
          $set: { notBefore, notBeforeMs: toMs(notBefore), lastError: error.slice(0, 2000) },
        },
      );
      await release(key);
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
