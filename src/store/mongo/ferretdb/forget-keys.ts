import { keysKept } from '../forget-keys.js';
import type { MongoParts } from '../parts.js';
import { requestKeys } from '../request-keys.js';
import { TICKET_STALE_MS } from './commit-with-tickets.js';
import { PastDeadline, unlessPastDeadline, updateBefore } from './deadline.js';
import { removeStaged } from './staging.js';
import { claimTicket, dropTickets, passedTickets } from './tickets.js';

/** How long pruning waits for a commit in flight on a release before leaving it for the next round. */
const WAIT_MS = 2_000;

/**
 * FerretDB only: forgets request keys applied before `beforeMs`. On MongoDB this is one conditional
 * update per release (forget-keys.ts). On FerretDB v1 a conditional update is not single-winner and
 * could silently undo a concurrent commit, so rewriting a release takes the same ticket a commit from
 * that version would (tickets.ts) and checks the version under it. A release that moves on meanwhile
 * is left for the next round.
 */
export async function ferretDbForgetRequestKeys(p: MongoParts, beforeMs: number): Promise<number> {
  let forgotten = 0;
  const stale = p.releases.find({ idemKeyTimes: { $lt: beforeMs } }, { projection: { _id: 1, version: 1 } });
  for await (const { _id: id, version } of stale) {
    const base = `commit:${id}@${version}`;
    const held = await claimTicket(p.tickets, base, p.owner, {
      nowMs: Date.now(),
      staleMs: TICKET_STALE_MS,
      waitMs: WAIT_MS,
    });
    if (!held) continue;
    // As a commit's (transitions.ts): nothing lands after another process may have taken over.
    const deadline = Date.now() + TICKET_STALE_MS / 2;
    let leave = false;
    try {
      // Taken over from a commit's writer presumed dead: what it staged goes, as its ticket will.
      for (const dead of held.attempt > 1 ? await passedTickets(p.tickets, base, held.attempt) : [])
        if (dead.staged) await removeStaged(p, dead.staged, deadline);
      const doc = await p.releases.findOne(
        { _id: id },
        { projection: { idemKeys: 1, idemKeyTimes: 1, version: 1 } },
      );
      if (doc?.version !== version) continue;
      const { kept, gone } = keysKept(doc, beforeMs);
      leave = true;
      // By `_id` alone: the ticket made this the only writer of the version (see commit-with-tickets.ts).
      const written = await updateBefore(p.releases, { _id: id }, { $set: kept }, deadline);
      leave = false;
      if (written) {
        forgotten += gone.length;
        await requestKeys(p).forget(gone);
      }
    } catch (err) {
      // Too late to write: the release is left for the next round, the ticket for whoever takes it over.
      if (!(err instanceof PastDeadline)) throw err;
      leave = true;
    } finally {
      if (!leave) await dropTickets(p.tickets, base, held.attempt, deadline).catch(unlessPastDeadline);
    }
  }
  return forgotten;
}
