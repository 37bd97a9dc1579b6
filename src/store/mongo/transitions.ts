import type { AuditEvent } from '../../domain/types.js';
import type { CommitResult, Transition } from '../port.js';
import { CONFLICT } from './commit-docs.js';
import { commitInTransaction } from './commit-in-transaction.js';
import { ferretDbCommitWithTickets } from './ferretdb/commit-with-tickets.js';
import { onMongoOrFerretDb } from './ferretdb.js';
import { releaseLanes } from './lanes.js';
import type { MongoParts } from './parts.js';

/**
 * The two writes of the store, create and commit. On MongoDB each is one transaction
 * (commit-in-transaction.ts). FerretDB, the test server, has no transactions: there a ticket protocol
 * stands in (ferretdb/commit-with-tickets.ts), chosen through the seam (ferretdb.ts).
 */
export function transitionWriter(p: MongoParts) {
  const lanes = releaseLanes();
  const writer = onMongoOrFerretDb(p.isFerretDb, commitInTransaction(p), ferretDbCommitWithTickets(p));
  return {
    async create(t: Omit<Transition, 'expectedVersion'>): Promise<CommitResult> {
      checkEvents(t.release.id, t.events);
      return writer.create(t);
    },
    async commit(t: Transition): Promise<CommitResult> {
      checkEvents(t.release.id, t.events);
      return lanes.run(t.release.id, t.expectedVersion, CONFLICT, (saw) => writer.commit(t, saw));
    },
  };
}

/** Events of another release in a transition are a caller bug; refuse before writing anything. */
function checkEvents(releaseId: string, events: AuditEvent[]): void {
  const stray = events.find((e) => e.releaseId !== releaseId);
  if (stray) throw new Error(`event ${stray.releaseId}#${stray.seq} does not belong to release ${releaseId}`);
}
