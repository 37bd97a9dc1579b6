import { retryWhileFerretDbBusy } from '../ferretdb.js';
import type { OutboxClaims } from '../outbox.js';
import type { MongoParts } from '../parts.js';
import { claimTicket, dropTickets, latestTicket, ticketId } from './tickets.js';

/**
 * FerretDB only: who is sending an outbox entry. On MongoDB a claim is a conditional update of the entry
 * itself (outbox.ts), which the server applies to one claimer only. FerretDB v1 runs a conditional update
 * as "read, then write back", so two replicas claiming one entry at once would both win and both send
 * it. What it does decide in one step is an insert under a unique `_id`: here a claim is a ticket named
 * after the effect key in `outbox_claims` (tickets.ts); of two claimers exactly one inserts it. A claim
 * older than `staleMs` is taken over by inserting the next attempt number, again single-winner.
 *
 * The writes of a holder that ends its claim are sent again while FerretDB refuses them as busy
 * (SQLITE_BUSY): a sent message whose delivery could not be recorded would otherwise be sent again.
 */
export function ferretDbOutboxClaims(p: MongoParts): OutboxClaims {
  // The attempt this process holds for each entry it claimed, so its claim is ended by `_id`.
  const held = new Map<string, number>();
  const release = async (key: string) => {
    const attempt = held.get(key);
    await retryWhileFerretDbBusy(() => dropTickets(p.outboxClaims, key, attempt));
    held.delete(key);
  };
  const claims: OutboxClaims = {
    async claim(key, owner, nowMs, staleMs) {
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
     * Moves the holder's ticket time forward. A takeover inserts a newer ticket instead of changing this
     * one, so the holder still holds the claim only if its ticket is the newest, looked at after the write.
     */
    async renew(key, owner, nowMs) {
      const mine = await latestTicket(p.outboxClaims, key);
      if (mine?.owner !== owner) return false;
      await p.outboxClaims.updateOne({ _id: ticketId(key, mine.attempt) }, { $set: { atMs: nowMs } });
      const latest = await latestTicket(p.outboxClaims, key, mine.attempt);
      return latest?.owner === owner;
    },
    async delivered(key) {
      await retryWhileFerretDbBusy(() => p.outbox.deleteOne({ _id: key }));
      await release(key);
    },
    async deferred(key, set) {
      await retryWhileFerretDbBusy(() => p.outbox.updateOne({ _id: key }, set));
      await release(key);
    },
  };
  return claims;
}
