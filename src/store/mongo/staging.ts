import type { Collection, Filter, OptionalUnlessRequiredId } from 'mongodb';
import type { AuditEvent } from '../../domain/types.js';
import type { OutboxEntry } from '../port.js';
import { type EventDoc, type OutboxDoc, toMs } from './docs.js';
import type { MongoParts } from './parts.js';
import { isDuplicateKey } from './tickets.js';

type Staged = { _id: string; releaseId: string; commitVersion: number };

/**
 * What a transition writes besides the release document: its audit events and outbox entries, one
 * document each. They are written before the release document (the commit point) and tagged with the
 * release version that commit gives (`commitVersion`); readers count them only once the release has
 * that version. A writer that dies in between leaves documents nobody reads, and the next writer of that
 * version replaces them. (Keeping them in their own collections also keeps the release document small:
 * FerretDB v1 reads and rewrites a whole document on every update.)
 */
export function stager(p: MongoParts) {
  return {
    async stage(
      t: { events: AuditEvent[]; outbox: OutboxEntry[] },
      releaseId: string,
      commitVersion: number,
    ) {
      const stagedAtMs = Date.now();
      await insertStaged(p.events, eventDocs(t.events, commitVersion), releaseId, commitVersion);
      await insertStaged(p.outbox, outboxDocs(t.outbox, commitVersion, stagedAtMs), releaseId, commitVersion);
    },
    async unstage(releaseId: string, commitVersion: number) {
      await p.events.deleteMany({ releaseId, commitVersion });
      await p.outbox.deleteMany({ releaseId, commitVersion });
    },
  };
}

async function insertStaged<T extends Staged>(
  coll: Collection<T>,
  docs: OptionalUnlessRequiredId<T>[],
  releaseId: string,
  commitVersion: number,
): Promise<void> {
  if (docs.length === 0) {
    // Nothing to write, but a writer of this version that died before its commit point may have left
    // documents here; this commit would make them count (a refused click's commit sends no message,
    // and would otherwise send the dead writer's).
    await coll.deleteMany({ releaseId, commitVersion } as Filter<T>);
    return;
  }
  try {
    await coll.insertMany(docs);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Left by a writer of this version that died before its commit point: replace them.
    await coll.deleteMany({ releaseId, commitVersion } as Filter<T>);
    await coll.insertMany(docs);
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

/** The current version of each release, to tell committed staged documents from leftovers. */
export async function committedVersions(p: MongoParts, releaseIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(releaseIds)];
  if (ids.length === 0) return new Map();
  const releases = await p.releases.find({ _id: { $in: ids } }, { projection: { version: 1 } }).toArray();
  return new Map(releases.map((r) => [r._id, r.version]));
}
