import type { Collection, Db, IndexSpecification } from 'mongodb';
import type {
  EventDoc,
  FlowDoc,
  MessageRefsDoc,
  NumberDoc,
  OutboxDoc,
  ReleaseDoc,
  RequestKeyDoc,
  TicketDoc,
} from './docs.js';
import { ferretDbProbe, type MongoServerChoice } from './ferretdb.js';
import { type RecentEvents, recentEvents } from './recent-events.js';
import { type SeenVersions, seenVersions } from './seen-versions.js';

/** The collections of one golive database, and who this process is (it names the tickets it holds). */
export interface MongoParts {
  db: Db;
  owner: string;
  /** Whether the server is FerretDB (ferretdb.ts): which of the store's few work-arounds apply. */
  isFerretDb: () => Promise<boolean>;
  /** Release versions this process has seen (seen-versions.ts). */
  seen: SeenVersions;
  /** Events this process committed lately (recent-events.ts). */
  recentEvents: RecentEvents;
  releases: Collection<ReleaseDoc>;
  events: Collection<EventDoc>;
  outbox: Collection<OutboxDoc>;
  /**
   * FerretDB only (ferretdb/outbox-claims.ts, ferretdb/tickets.ts): MongoDB writes neither, and reads
   * `write_tickets` only at start, for what golive before #17 left there (ticket-leftovers.ts).
   */
  outboxClaims: Collection<TicketDoc>;
  tickets: Collection<TicketDoc>;
  messageRefs: Collection<MessageRefsDoc>;
  requestKeys: Collection<RequestKeyDoc>;
  flows: Collection<FlowDoc>;
  numbers: Collection<NumberDoc>;
}

/** `server` is MONGODB_SERVER (ferretdb.ts): detect the server, or take its word. */
export function mongoParts(db: Db, owner: string, server: MongoServerChoice = 'detect'): MongoParts {
  const isFerret = ferretDbProbe(db, server);
  return {
    db,
    owner,
    isFerretDb: isFerret,
    seen: seenVersions(),
    recentEvents: recentEvents(),
    releases: db.collection<ReleaseDoc>('releases'),
    events: db.collection<EventDoc>('events'),
    outbox: db.collection<OutboxDoc>('outbox'),
    outboxClaims: db.collection<TicketDoc>('outbox_claims'),
    tickets: db.collection<TicketDoc>('write_tickets'),
    messageRefs: db.collection<MessageRefsDoc>('message_refs'),
    requestKeys: db.collection<RequestKeyDoc>('request_keys'),
    flows: db.collection<FlowDoc>('flows'),
    numbers: db.collection<NumberDoc>('release_numbers'),
  };
}

/**
 * One index per query the bot makes. No partial or TTL indexes: no query needs one (closed releases
 * leave `awaitingOpen` and `timerDueMs` empty instead), and FerretDB v1 has neither. Array fields
 * (idemKeys, idemKeyTimes, awaitingOpen, timerDueMs) become multikey indexes; never two arrays in one index.
 */
const INDEXES: {
  collection: keyof Omit<MongoParts, 'db' | 'owner' | 'isFerretDb' | 'seen' | 'recentEvents'>;
  key: IndexSpecification;
  name: string;
  /** Left out on FerretDB, which stands in for it otherwise (see the comment where it is listed). */
  notOnFerretDb?: true;
}[] = [
  // "Pending for me": open releases awaiting a person (the array is empty once a release closes).
  { collection: 'releases', key: { awaitingOpen: 1, createdAtMs: -1 }, name: 'awaiting' },
  // Lists by state / system / requester / flow, newest first.
  { collection: 'releases', key: { status: 1, createdAtMs: -1, number: -1 }, name: 'status_newest' },
  { collection: 'releases', key: { system: 1, createdAtMs: -1 }, name: 'system_newest' },
  { collection: 'releases', key: { requester: 1, createdAtMs: -1 }, name: 'requester_newest' },
  { collection: 'releases', key: { flowId: 1, createdAtMs: -1 }, name: 'flow_newest' },
  { collection: 'releases', key: { createdAtMs: -1, number: -1 }, name: 'newest' },
  // The release board: a team's releases, who decided at a gate, what launched when.
  { collection: 'releases', key: { team: 1, createdAtMs: -1 }, name: 'team_newest' },
  { collection: 'releases', key: { deciders: 1, createdAtMs: -1 }, name: 'deciders_newest' },
  { collection: 'releases', key: { launchedAtMs: -1 }, name: 'launched' },
  // Releases by window.
  { collection: 'releases', key: { winStartMs: 1, winEndMs: 1 }, name: 'window' },
  // Timers due (the array holds due times of open releases only).
  { collection: 'releases', key: { timerDueMs: 1 }, name: 'timers_due' },
  // Which release a request key was applied to (request-keys.ts). FerretDB only: FerretDB v1 would read
  // every release for it anyway, so there a pointer per key stands in (ferretdb/request-keys.ts).
  { collection: 'releases', key: { idemKeys: 1 }, name: 'request_key', notOnFerretDb: true },
  // Releases holding request keys old enough to forget (a background prune).
  { collection: 'releases', key: { idemKeyTimes: 1 }, name: 'idempotency_age' },
  // The audit trail of a release, oldest first.
  { collection: 'events', key: { releaseId: 1, seq: 1 }, name: 'trail' },
  // Outbox entries to deliver, in the order they were decided.
  { collection: 'outbox', key: { delivered: 1, notBeforeMs: 1, stagedAtMs: 1 }, name: 'pending' },
  // Everything else — request-key claims, message refs, and FerretDB's tickets and staged documents —
  // is read and written by `_id` only (see request-keys.ts, refs-and-flows.ts, ferretdb/tickets.ts).
  { collection: 'numbers', key: { n: -1 }, name: 'highest' },
];

/** Creates the indexes; idempotent (an existing index with the same name and key is left as it is). */
export async function ensureIndexes(p: MongoParts): Promise<void> {
  const ferret = await p.isFerretDb();
  for (const index of INDEXES) {
    if (ferret && index.notOnFerretDb) continue;
    await p[index.collection].createIndex(index.key, { name: index.name });
  }
  // Every collection a commit's transaction writes exists beforehand (those above have an index):
  // MongoDB before 4.4 creates no collection inside a transaction.
  if (!ferret && !(await p.db.listCollections({ name: 'request_keys' }, { nameOnly: true }).hasNext()))
    await p.db.createCollection('request_keys').catch((err: unknown) => {
      // Created meanwhile by another replica starting at the same time.
      if ((err as { codeName?: string }).codeName !== 'NamespaceExists') throw err;
    });
}
