import { type Db, MongoClient } from 'mongodb';
import type { AuditEvent } from '../../src/domain/types.js';
import type { OutboxEntry } from '../../src/store/port.js';

/**
 * The MongoDB server of the MongoDB suites (FerretDB in CI, started by scripts/ferretdb.sh). These suites
 * are only collected when MONGODB_URI is set (vitest.config.ts); reaching this without it is a wiring
 * error, and it fails loudly rather than passing with nothing run.
 */
export function mongoTestUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is unset: run the MongoDB suites with `npm run test:mongo`');
  return uri;
}

/**
 * Fresh database names for one test file: `golive_t_<file>_<pid>_<n>`, so files running in parallel and
 * tests within a file never see each other's data. `dropAll` removes them when the file is done.
 */
export function testDatabases(file: string) {
  const uri = mongoTestUri();
  const names: string[] = [];
  return {
    uri,
    fresh(): string {
      const name = `golive_t_${file}_${process.pid}_${names.length + 1}`;
      names.push(name);
      return name;
    },
    async dropAll(): Promise<void> {
      const client = new MongoClient(uri);
      try {
        for (const name of names) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/**
 * What a writer of REL-1's version 2 that died before its commit point leaves: its ticket (taken 31 s
 * ago, recording what it was about to write), then an outbox entry and, if given, an audit event.
 */
export async function leaveStaged(db: Db, entry: OutboxEntry, event?: AuditEvent): Promise<void> {
  const eventId = event && `REL-1#${event.seq}`;
  await db.collection('write_tickets').insertOne({
    _id: 'commit:REL-1@1#1' as never,
    base: 'commit:REL-1@1',
    attempt: 1,
    owner: 'dead-process',
    atMs: Date.now() - 31_000,
    staged: { events: eventId ? [eventId] : [], outbox: [entry.key] },
  });
  await db.collection('outbox').insertOne({
    _id: entry.key as never,
    releaseId: 'REL-1',
    effect: entry.effect,
    version: 2,
    commitVersion: 2,
    createdAt: entry.createdAt,
    attempts: 0,
    notBefore: entry.notBefore,
    notBeforeMs: Date.parse(entry.notBefore),
    stagedAtMs: Date.now(),
    position: 0,
    delivered: false,
  });
  if (event)
    await db
      .collection('events')
      .insertOne({ _id: eventId as never, releaseId: 'REL-1', seq: event.seq, commitVersion: 2, event });
}
