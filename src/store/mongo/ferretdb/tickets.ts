import { setTimeout as delay } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import type { TicketDoc } from '../docs.js';
import { isDuplicateKey } from '../duplicate-key.js';
import { deleteBefore } from './deadline.js';

/**
 * FerretDB only: single-winner claims. On MongoDB a commit is one transaction around its conditional
 * release write and its inserts (commit-in-transaction.ts), and an outbox entry is claimed by a
 * conditional update (outbox.ts); the server decides every race there, and nothing here runs.
 *
 * FerretDB v1 (our test server) has no transactions, and runs update and findAndModify as "query, then
 * write the document back by _id" with nothing in between (its TODO FerretDB#2168): two concurrent
 * conditional updates both match and both write, the later one silently replacing the earlier. We
 * measured it: with three writers racing on one version, more than one "won" in 199 of 200 rounds. What
 * it does decide atomically is an insert under a unique `_id`. So every write that must have one winner
 * first inserts a ticket named after what it is about to change (`commit:REL-7@12`: "move REL-7 on from
 * version 12"); whoever inserts it holds the right to write, everyone else backs off. The ticket also
 * keeps two writers of one version from staging events and outbox entries under the same `_id`s, and
 * tells a successor what a dead writer left (staging.ts).
 *
 * A holder that gives up or is done deletes its ticket. A holder that dies leaves it behind: a ticket
 * older than `staleMs` no longer blocks: the next claimer inserts the next attempt number (`…#2`), again
 * under a unique `_id`, so even a takeover has one winner. The attempts of one claim are numbered from 1
 * without gaps (a holder removes the ones below its own), so every look at a claim is a read of one
 * `_id`: FerretDB v1 answers only those from an index and reads a whole collection for anything else.
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
  /** Recorded with the ticket (see TicketDoc). */
  staged?: TicketDoc['staged'];
}

export const ticketId = (base: string, attempt: number) => `${base}#${attempt}`;

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
    const ticket: TicketDoc = {
      _id: ticketId(base, attempt),
      base,
      attempt,
      owner,
      atMs: opts.nowMs,
      ...(opts.staged ? { staged: opts.staged } : {}),
    };
    try {
      await tickets.insertOne(ticket);
      return ticket;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    if (opts.stillWanted && !(await opts.stillWanted())) return null;
    const latest = await latestTicket(tickets, base, attempt);
    // Gone already: its holder gave up and cleaned up; start again from the first number.
    if (!latest) {
      attempt = 1;
      continue;
    }
    if (latest.atMs <= opts.nowMs - opts.staleMs) {
      attempt = latest.attempt + 1;
      continue;
    }
    if (Date.now() + pause > deadline) return null;
    await delay(pause * (0.5 + Math.random()));
    pause = Math.min(pause * 2, 100);
    // From the first number again: a number above 1 is taken only right after finding the one below it
    // stale, never after a wait, in which the live holder may have finished and someone else started at 1.
    attempt = 1;
  }
  return null;
}

/** The newest attempt of a claim, looking up from attempt `from` one `_id` at a time; null if none. */
export async function latestTicket(
  tickets: Collection<TicketDoc>,
  base: string,
  from = 1,
): Promise<TicketDoc | null> {
  let latest: TicketDoc | null = null;
  for (let attempt = from; ; attempt += 1) {
    const found = await tickets.findOne({ _id: ticketId(base, attempt) });
    if (!found) return latest;
    latest = found;
  }
}

/** The attempts below `held` still there: the holders this one took over from, presumed dead. */
export async function passedTickets(
  tickets: Collection<TicketDoc>,
  base: string,
  held: number,
): Promise<TicketDoc[]> {
  const below = Array.from({ length: held - 1 }, (_, i) => tickets.findOne({ _id: ticketId(base, i + 1) }));
  return (await Promise.all(below)).filter((t): t is TicketDoc => t !== null);
}

/**
 * Ends a claim: removes every attempt of it (a dead holder's too), so the next claimer may go ahead.
 * Lowest first, so no attempt is ever left above a missing one: a claimer that inserts a freed number
 * while this holder is still removing its own may go ahead, as this holder is done, but one that found
 * a gap below a live holder's attempt would hold the claim beside it. `held` is the attempt the caller
 * holds, when it knows it; without it, attempts are removed up to the first missing one.
 */
export async function dropTickets(
  tickets: Collection<TicketDoc>,
  base: string,
  held?: number,
  deadline?: number,
): Promise<void> {
  // With a deadline (deadline.ts), only before it: a holder taken over must not open a gap below its successor.
  const drop = async (_id: string) =>
    deadline === undefined
      ? (await tickets.deleteOne({ _id })).deletedCount > 0
      : deleteBefore(tickets, _id, deadline);
  for (let attempt = 1; held === undefined || attempt <= held; attempt += 1) {
    const dropped = await drop(ticketId(base, attempt));
    if (held === undefined && !dropped) return;
  }
}
