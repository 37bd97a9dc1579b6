import type { Collection, OptionalUnlessRequiredId } from 'mongodb';
import type { AuditEvent } from '../../../domain/types.js';
import type { OutboxEntry } from '../../port.js';
import { type CommitDocs, commitDocs } from '../commit-docs.js';
import type { StagedIds, TicketDoc } from '../docs.js';
import { isDuplicateKey } from '../duplicate-key.js';
import type { MongoParts } from '../parts.js';
import { deleteBefore } from './deadline.js';

/**
 * FerretDB only (with tickets.ts and deadline.ts): on MongoDB a commit's events and outbox entries are
 * inserted in the same transaction as its release write (commit-in-transaction.ts), and none of this
 * is needed. FerretDB v1 has no transactions, so here:
 *
 * What a transition writes besides the release document: its audit events and outbox entries, one
 * document each. They are written before the release document (the commit point) and tagged with the
 * release version that commit gives (`commitVersion`); readers count them only once the release has
 * that version. A writer that dies in between leaves documents nobody reads, and the next writer of that
 * version removes them. (Keeping them in their own collections also keeps the release document small:
 * FerretDB v1 reads and rewrites a whole document on every update.)
 *
 * To find such leftovers by `_id` (FerretDB v1 reads a whole collection for any other filter), a writer
 * records their `_id`s in its ticket, which it inserts before writing any of them (tickets.ts). A dead
 * writer's ticket stays until a later writer of that version takes it over, and that writer removes what
 * the dead one recorded before it writes its own. A writer that wins the first ticket of a version
 * follows no one, so a commit normally costs nothing extra here.
 */
export function stager(p: MongoParts) {
  return {
    /** The documents of a transition, and their `_id`s to record in the writer's ticket. */
    plan(t: { events: AuditEvent[]; outbox: OutboxEntry[] }, commitVersion: number): Staged {
      const { events, outbox } = commitDocs(t, commitVersion);
      return { events, outbox, ids: { events: events.map((d) => d._id), outbox: outbox.map((d) => d._id) } };
    },
    /**
     * Removes what the writers this one took over from recorded, then writes its own documents. Every
     * removal lands before `deadline` or not at all (deadline.ts): a writer taken over itself must not
     * remove what its successor wrote under the same `_id`s.
     */
    async stage(staged: Staged, passed: TicketDoc[], deadline: number): Promise<void> {
      for (const dead of passed) if (dead.staged) await removeStaged(p, dead.staged, deadline);
      await insertStaged(p.events, staged.events, deadline);
      await insertStaged(p.outbox, staged.outbox, deadline);
    },
    /** Removes what this writer staged (its commit did not happen), before `deadline`. */
    async unstage(staged: Staged, deadline: number): Promise<void> {
      await removeStaged(p, staged.ids, deadline);
    },
  };
}

export interface Staged extends CommitDocs {
  ids: StagedIds;
}

/** Removes staged documents by `_id` (a dead writer's, or this writer's own), before `deadline`. */
export async function removeStaged(p: MongoParts, ids: StagedIds, deadline: number): Promise<void> {
  await Promise.all([
    ...ids.events.map((_id) => deleteBefore(p.events, _id, deadline)),
    ...ids.outbox.map((_id) => deleteBefore(p.outbox, _id, deadline)),
  ]);
}

async function insertStaged<T extends { _id: string }>(
  coll: Collection<T>,
  docs: T[],
  deadline: number,
): Promise<void> {
  if (docs.length === 0) return;
  const insert = () => coll.insertMany(docs as unknown as OptionalUnlessRequiredId<T>[]);
  try {
    await insert();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // A writer of this version taken over as dead while it was still writing: these `_id`s are ours
    // now, unless this writer is the one taken over (past its deadline), and they are its successor's.
    await Promise.all(docs.map((d) => deleteBefore(coll, d._id, deadline)));
    await insert();
  }
}
