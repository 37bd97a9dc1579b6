import { setTimeout as delay } from 'node:timers/promises';
import { type Collection, MongoServerError } from 'mongodb';
import type { TicketDoc } from './docs.js';

/**
 * Single-winner claims that hold on FerretDB v1 as well as on MongoDB.
 *
 * On MongoDB a conditional `updateOne({_id, version})` alone decides a race. FerretDB v1 (our test
 * server) runs update and findAndModify as "query, then write the document back by _id" with nothing in
 * between (its TODO FerretDB#2168): two concurrent conditional updates both match and both write, the
 * later one silently replacing the earlier. We measured it: with three writers racing on one version,
 * more than one "won" in 199 of 200 rounds. What both servers do decide atomically is an insert under a
 * unique `_id`. So every write that must have one winner first inserts a ticket named after what it is
 * about to change (`commit:REL-7@12`: "move REL-7 on from version 12"); whoever inserts it holds the
 * right to write, everyone else backs off. The conditional update stays, so on MongoDB the version check
 * is still enforced by the server itself.
 *
 * A holder that gives up deletes its ticket; one that succeeded may keep it (it marks what was done).
 * A holder that dies leaves it behind: a ticket older than `staleMs` no longer blocks: the next claimer inserts the next attempt number (`…#2`), again under a unique `_id`, so even
 * a takeover has one winner.
 */
export interface ClaimOptions {
  nowMs: number;
  staleMs: number;
  /** Asked when the ticket is taken: false means there is nothing left to wait for. */
  stillWanted?: () => Promise<boolean>;
  /**
   * How long to wait for a live holder to finish before giving up. Waiting (with backoff) instead of
   * answering at once keeps many racing writers from hammering the server while one of them writes.
   */
  waitMs?: number;
}

export async function claimTicket(
  tickets: Collection<TicketDoc>,
  base: string,
  owner: string,
  opts: ClaimOptions,
): Promise<TicketDoc | null> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  let attempt = 1;
  let pause = 5;
  // Bounded: each round wins, learns there is nothing to wait for, waits a little, or passes a dead holder.
  for (let round = 0; round < 100; round += 1) {
    const ticket: TicketDoc = { _id: `${base}#${attempt}`, base, attempt, owner, atMs: opts.nowMs };
    try {
      await tickets.insertOne(ticket);
      return ticket;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    if (opts.stillWanted && !(await opts.stillWanted())) return null;
    const latest = await tickets.find({ base }).sort({ attempt: -1 }).limit(1).next();
    // Gone already: its holder gave up and cleaned up; try the same number again.
    if (!latest) continue;
    if (latest.atMs <= opts.nowMs - opts.staleMs) {
      attempt = latest.attempt + 1;
      continue;
    }
    if (Date.now() + pause > deadline) return null;
    await delay(pause * (0.5 + Math.random()));
    pause = Math.min(pause * 2, 100);
  }
  return null;
}

/** Ends a claim: removes every attempt of it (a dead holder's too), so the next claimer may go ahead. */
export async function dropTickets(tickets: Collection<TicketDoc>, base: string): Promise<void> {
  await tickets.deleteMany({ base });
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}
