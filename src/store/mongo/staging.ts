import type { Collection, Filter, OptionalUnlessRequiredId } from 'mongodb';
import type { AuditEvent } from '../../domain/types.js';
import type { OutboxEntry } from '../port.js';
import { type EventDoc, type OutboxDoc, toMs } from './docs.js';
import type { MongoParts } from './parts.js';
import { isDuplicateKey } from './tickets.js';

/**
 * What a transition writes besides the release document: its audit events and outbox entries, one
 * document each. They are written before the release document (the commit point) and tagged with the
 * release version that commit gives (`commitVersion`); readers count them only once the release has
 * that version. A writer that dies in between leaves documents nobody reads, and the next writer of that
 * version removes them. (Keeping them in their own collections also keeps the release document small:
 * FerretDB v1 reads and rewrites a whole document on every update.)
 *
 * To find such leftovers by `_id` (FerretDB v1 reads a whole collection for any other filter), every
 * writer first records what it is about to stage in the release's staging document, replacing the
 * previous writer's record in one step and reading it back: a record of the same version is a writer
 * that did not commit, and its documents go before the new ones are written.
 */
export function stager(p: MongoParts) {
  return {
    /** Returns the `_id`s it wrote, for `unstage`. */
    async stage(
      t: { events: AuditEvent[]; outbox: OutboxEntry[] },
      releaseId: string,
      commitVersion: number,
    ): Promise<Staged> {
      const staged: Staged = {
        events: eventDocs(t.events, commitVersion),
        outbox: outboxDocs(t.outbox, commitVersion, Date.now()),
      };
      const ids = { events: staged.events.map((d) => d._id), outbox: staged.outbox.map((d) => d._id) };
      const before = await p.staging.findOneAndReplace(
        { _id: releaseId },
        { commitVersion, ...ids },
        { upsert: true, returnDocument: 'before' },
      );
      // Left by a writer of this version that died before its commit point (a refused click's commit
      // sends no message, and would otherwise make the dead writer's count).
      if (before?.commitVersion === commitVersion) await removeStaged(p, before);
      await insertStaged(p.events, staged.events);
      await insertStaged(p.outbox, staged.outbox);
      return staged;
    },
    /** Removes what this writer staged (its commit did not happen). */
    async unstage(staged: Staged): Promise<void> {
      await removeStaged(p, {
        events: staged.events.map((d) => d._id),
        outbox: staged.outbox.map((d) => d._id),
      });
    },
  };
}

export interface Staged {
  events: EventDoc[];
  outbox: OutboxDoc[];
}

async function removeStaged(p: MongoParts, ids: { events: string[]; outbox: string[] }): Promise<void> {
  await Promise.all([
    ...ids.events.map((_id) => p.events.deleteOne({ _id })),
    ...ids.outbox.map((_id) => p.outbox.deleteOne({ _id })),
  ]);
}

async function insertStaged<T extends { _id: string }>(coll: Collection<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  const insert = () => coll.insertMany(docs as unknown as OptionalUnlessRequiredId<T>[]);
  try {
    await insert();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // A writer of this version whose record was replaced before its own documents landed (it was
    // taken over as dead while still writing): these `_id`s are ours now.
    await Promise.all(docs.map((d) => coll.deleteOne({ _id: d._id } as Filter<T>)));
    await insert();
  }
}

function eventDocs(events: AuditEvent[], commitVersion: number): EventDoc[] {
  return events.map((event) => ({
    _id: `${event.releaseId}#${event.seq}`,
    releaseId: event.releaseId,
    seq: event.seq,
    commitVersion,
    event,
  }));
}

function outboxDocs(entries: OutboxEntry[], commitVersion: number, stagedAtMs: number): OutboxDoc[] {
  return entries.map((o, position) => ({
    _id: o.key,
    releaseId: o.releaseId,
    effect: o.effect,
    version: o.version,
    commitVersion,
    createdAt: o.createdAt,
    attempts: o.attempts,
    notBefore: o.notBefore,
    notBeforeMs: toMs(o.notBefore),
    stagedAtMs,
    position,
    delivered: false,
  }));
}
