import type { CommitResult, Transition } from '../../port.js';
import { requestKeyTime } from '../../request-key-time.js';
import { CONFLICT, type CommitWriter, DUPLICATE, newReleaseDoc, OK, withKey } from '../commit-docs.js';
import { derivedFields } from '../docs.js';
import { isDuplicateKey } from '../duplicate-key.js';
import type { MongoParts } from '../parts.js';
import { requestKeys } from '../request-keys.js';
import { PastDeadline, unlessPastDeadline, updateBefore } from './deadline.js';
import { type Staged, stager } from './staging.js';
import { claimTicket, dropTickets, passedTickets, ticketId } from './tickets.js';

/**
 * A writer that has not finished this long after taking its ticket is presumed dead (see tickets.ts).
 * A commit holds its ticket for a few round trips; a killed writer's ticket keeps every later decision
 * on that release waiting ("someone else acted, try again") until it goes stale, which the kill -9
 * drill (test/hardening/mongo-kill9.test.ts) saw as 30 s of refused clicks at the former 30 s.
 */
export const TICKET_STALE_MS = 10_000;
/** How long a writer waits for another writer of the same version before answering "conflict". */
const WAIT_MS = 2_000;

/**
 * FerretDB only: the two writes of the store without a transaction. On MongoDB each is one transaction
 * around the conditional release write and its inserts (commit-in-transaction.ts); FerretDB v1 has no
 * transactions (it refuses `autocommit`) and its conditional updates are not single-winner, so here
 * each write takes a ticket for what it changes (tickets.ts), writes the events and outbox entries
 * (staging.ts), then writes the release document by `_id`, the version checked under the ticket. That
 * write is the commit point: state, request key, events and outbox entries count together or not at
 * all. A successful commit keeps its ticket until the release closes. Every read and write on the way
 * is by `_id` (FerretDB v1 reads a whole collection for any other filter).
 */
export function ferretDbCommitWithTickets(p: MongoParts): CommitWriter {
  const staging = stager(p);
  const keys = requestKeys(p);
  const keySeen = async (key: string | undefined) => key !== undefined && (await keys.find(key)) !== null;
  const ticket = (
    base: string,
    nowMs: number,
    extra: { waitMs?: number; stillWanted?: () => Promise<boolean>; staged?: Staged['ids'] },
  ) => claimTicket(p.tickets, base, p.owner, { nowMs, staleMs: TICKET_STALE_MS, ...extra });

  async function create(t: Omit<Transition, 'expectedVersion'>): Promise<CommitResult> {
    if (await keySeen(t.idempotencyKey)) return DUPLICATE;
    const now = Date.now();
    // The request key first: two deliveries of one form submission must not create two releases.
    const keyBase = t.idempotencyKey === undefined ? undefined : `key:${t.idempotencyKey}`;
    const keyTicket = keyBase ? await ticket(keyBase, now, {}) : undefined;
    if (keyTicket === null) return DUPLICATE;
    const base = `create:${t.release.id}`;
    try {
      const held = await ticket(base, now, { waitMs: WAIT_MS });
      if (!held) return CONFLICT;
      try {
        if (await keySeen(t.idempotencyKey)) return DUPLICATE;
        // Same id twice means two creators raced for one number; the later one must reload, not overwrite.
        if (await p.releases.findOne({ _id: t.release.id }, { projection: { _id: 1 } })) return CONFLICT;
        // No one wrote this release before, so there is nothing to take over (see staging.ts).
        const plan = staging.plan(t, t.release.version);
        await staging.stage(plan, [], now + TICKET_STALE_MS / 2);
        await keys.point(t.idempotencyKey, t.release.id);
        await p.releases.insertOne(newReleaseDoc(t, requestKeyTime(t.events)));
        p.seen.note(t.release.id, t.release.version);
        p.recentEvents.note(plan.events);
        return OK;
      } catch (err) {
        if (isDuplicateKey(err)) return CONFLICT;
        throw err;
      } finally {
        await dropTickets(p.tickets, base, held.attempt);
      }
    } finally {
      if (keyBase && keyTicket) await dropTickets(p.tickets, keyBase, keyTicket.attempt);
    }
  }

  // The request key is checked under the ticket: the core commits from a fresh load, so a redelivered
  // request meets its key in the very document it would change.
  async function commit(t: Transition, saw: (version: number) => void): Promise<CommitResult> {
    const started = Date.now();
    // Nothing of this commit may land after this (deadline.ts): from the stale time on, another
    // process may take the ticket over and write this version itself.
    const deadline = started + TICKET_STALE_MS / 2;
    const id = t.release.id;
    const base = `commit:${id}@${t.expectedVersion}`;
    // A taken ticket usually means the release already moved on: answer "conflict" from its version.
    const stillAt = async () =>
      (await p.releases.findOne({ _id: id }, { projection: { version: 1 } }))?.version === t.expectedVersion;
    const plan = staging.plan(t, t.release.version);
    const held = await ticket(base, started, { waitMs: WAIT_MS, stillWanted: stillAt, staged: plan.ids });
    if (!held) return CONFLICT;
    let staged: Staged | undefined;
    // What the finally block does: undo (this writer staged, or wrote nothing), keep (the commit
    // happened), or leave everything for whoever takes the ticket over (too late to undo safely).
    let after: 'undo' | 'keep' | 'leave' = 'undo';
    let closes = false;
    try {
      const current = await p.releases.findOne(
        { _id: id },
        { projection: { idemKeys: 1, idemKeyTimes: 1, version: 1, status: 1 } },
      );
      if (!current) return CONFLICT;
      closes = current.status === 'active' && t.release.status !== 'active';
      saw(current.version);
      p.seen.note(id, current.version);
      if (t.idempotencyKey !== undefined && current.idemKeys.includes(t.idempotencyKey)) return DUPLICATE;
      if (current.version !== t.expectedVersion) return CONFLICT;
      const passed = held.attempt > 1 ? await passedTickets(p.tickets, base, held.attempt) : [];
      // Set first: a write that fails halfway must still be undone.
      staged = plan;
      await staging.stage(plan, passed, deadline);
      if (Date.now() >= deadline) throw new PastDeadline();
      await keys.point(t.idempotencyKey, id);
      const applied = withKey(current, t.idempotencyKey, requestKeyTime(t.events));
      // Once sent, its outcome may be unknown (a late or failed answer): then nothing is undone.
      after = 'leave';
      const written = await updateBefore(
        p.releases,
        // By `_id` alone: FerretDB v1 applies any other filter by reading every release, and could not
        // check the version in the same step anyway; the ticket made this writer the only one.
        { _id: id },
        { $set: { release: t.release, ...applied, ...derivedFields(t.release) } },
        deadline,
      );
      // No match under this writer's ticket means it was taken over
      // and the new holder wrote this version, over the same `_id`s: nothing here is ours to undo.
      after = written ? 'keep' : 'leave';
      if (written) {
        saw(t.release.version);
        p.seen.note(id, t.release.version);
        p.recentEvents.note(plan.events);
      }
      return written ? OK : CONFLICT;
    } catch (err) {
      if (err instanceof PastDeadline) {
        after = 'leave';
        return CONFLICT;
      }
      throw err;
    } finally {
      if (after === 'undo') {
        // Only what this writer staged: an early "conflict" (the release moved on) must not touch the
        // documents of the commit that moved it, which carry the same version. Past the deadline,
        // the ticket and what it records are left to whoever takes it over.
        const undo = async (what: Staged | undefined) => {
          if (what) await staging.unstage(what, deadline);
          await dropTickets(p.tickets, base, held.attempt, deadline);
        };
        await undo(staged).catch(unlessPastDeadline);
      } else if (after === 'keep' && closes) {
        // A commit keeps its ticket: removing it would be one more write per click, and a late writer
        // from its version finds the release moved on either way. Once the release closes they go,
        // after the answer, in one delete (one read of the tickets on FerretDB, once per release); only
        // those up to this commit's, since a refusal recorded on the closed release may be under way.
        const ids = Array.from({ length: t.expectedVersion }, (_, i) => ticketId(`commit:${id}@${i + 1}`, 1));
        p.tickets.deleteMany({ _id: { $in: ids } }).catch(() => undefined);
      }
    }
  }

  return { create, commit };
}
