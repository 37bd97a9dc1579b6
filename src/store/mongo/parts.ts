import type { Collection, Db, IndexSpecification } from 'mongodb';
import type {
  EventDoc,
  FlowDoc,
  MessageRefDoc,
  NumberDoc,
  OutboxDoc,
  ReleaseDoc,
  RequestKeyDoc,
  TicketDoc,
} from './docs.js';

/** The collections of one golive database, and who this process is (it names the tickets it holds). */
export interface MongoParts {
  db: Db;
  owner: string;
  releases: Collection<ReleaseDoc>;
  events: Collection<EventDoc>;
  outbox: Collection<OutboxDoc>;
  outboxClaims: Collection<TicketDoc>;
  tickets: Collection<TicketDoc>;
  messageRefs: Collection<MessageRefDoc>;
  requestKeys: Collection<RequestKeyDoc>;
  flows: Collection<FlowDoc>;
  numbers: Collection<NumberDoc>;
}

export function mongoParts(db: Db, owner: string): MongoParts {
  return {
    db,
    owner,
    releases: db.collection<ReleaseDoc>('releases'),
    events: db.collection<EventDoc>('events'),
    outbox: db.collection<OutboxDoc>('outbox'),
    outboxClaims: db.collection<TicketDoc>('outbox_claims'),
    tickets: db.collection<TicketDoc>('write_tickets'),
    messageRefs: db.collection<MessageRefDoc>('message_refs'),
    requestKeys: db.collection<RequestKeyDoc>('request_keys'),
    flows: db.collection<FlowDoc>('flows'),
    numbers: db.collection<NumberDoc>('release_numbers'),
  };
}

/**
 * One index per query the bot makes. Plain (non-partial, non-TTL) indexes only: FerretDB v1 has no
 * partial or TTL indexes, and production must run what the tests ran. Array fields (idemKeys,
 * idemKeyTimes, awaitingOpen, timerDueMs) become multikey indexes on MongoDB; never two arrays in one index.
 */
const INDEXES: {
  collection: keyof Omit<MongoParts, 'db' | 'owner'>;
  key: IndexSpecification;
  name: string;
}[] = [
  // "Pending for me": open releases awaiting a person (the array is empty once a release closes).
  { collection: 'releases', key: { awaitingOpen: 1, createdAtMs: -1 }, name: 'awaiting' },
  // Lists by state / system / requester / flow, newest first.
  { collection: 'releases', key: { status: 1, createdAtMs: -1, number: -1 }, name: 'status_newest' },
  { collection: 'releases', key: { system: 1, createdAtMs: -1 }, name: 'system_newest' },
  { collection: 'releases', key: { requester: 1, createdAtMs: -1 }, name: 'requester_newest' },
  { collection: 'releases', key: { flowId: 1, createdAtMs: -1 }, name: 'flow_newest' },
  { collection: 'releases', key: { createdAtMs: -1, number: -1 }, name: 'newest' },
  // Releases by window.
  { collection: 'releases', key: { winStartMs: 1, winEndMs: 1 }, name: 'window' },
  // Timers due (the array holds due times of open releases only).
  { collection: 'releases', key: { timerDueMs: 1 }, name: 'timers_due' },
  // Releases holding request keys old enough to forget (a background prune).
  { collection: 'releases', key: { idemKeyTimes: 1 }, name: 'idempotency_age' },
  // The audit trail of a release, oldest first; staged events of one commit.
  { collection: 'events', key: { releaseId: 1, seq: 1 }, name: 'trail' },
  { collection: 'events', key: { releaseId: 1, commitVersion: 1 }, name: 'by_commit' },
  // Outbox entries to deliver, in the order they were decided; staged entries of one commit.
  { collection: 'outbox', key: { delivered: 1, notBeforeMs: 1, stagedAtMs: 1 }, name: 'pending' },
  { collection: 'outbox', key: { releaseId: 1, commitVersion: 1 }, name: 'by_commit' },
  { collection: 'outboxClaims', key: { base: 1, attempt: -1 }, name: 'latest_claim' },
  { collection: 'tickets', key: { base: 1, attempt: -1 }, name: 'latest_ticket' },
  { collection: 'messageRefs', key: { releaseId: 1 }, name: 'by_release' },
  { collection: 'numbers', key: { n: -1 }, name: 'highest' },
];

/** Creates the indexes; idempotent (an existing index with the same name and key is left as it is). */
export async function ensureIndexes(p: MongoParts): Promise<void> {
  for (const index of INDEXES) {
    await p[index.collection].createIndex(index.key, { name: index.name });
  }
}
