import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ferretDbProbe } from '../../src/store/mongo/ferretdb.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { leaveStaged, testDatabases } from '../support/mongo.js';
import { transactionShim } from '../support/transaction-shim.js';
import { describeBoardStoreContract } from './board-contract.js';
import { describeStoreContract } from './contract.js';
import { at, creation, makeRelease, step } from './fixtures.js';

// The store's MongoDB path, every read and write of it, run on the test server: FerretDB behind a
// wire-protocol shim (test/support/transaction-shim.ts) that plays a one-member replica set and runs
// transactions one after another. The store detects MongoDB by itself (the shim hides FerretDB's
// buildInfo) and commits every create and commit in a transaction (commit-in-transaction.ts).
//
// What this does NOT show: isolation and rollback under real concurrency. The shim runs one
// transaction at a time (so it never meets a write conflict, and never retries one), and it cannot undo
// an aborted transaction's writes — it counts aborts that came after a write, and this file fails if
// any did, so every refusal checked here was decided before anything was written. Single-winner
// conditional updates (an outbox claim, release numbers) hold here because the shim serialises every
// command, not because FerretDB decides them. A real replica set shows all of that: with MONGODB_URI
// pointing at one, mongo.test.ts runs the same contract with the same races on the same path.
vi.setConfig({ testTimeout: 120_000 });

const dbs = testDatabases('prodpath');
const shim = await transactionShim(dbs.uri);
afterAll(async () => {
  await shim.close();
  await dbs.dropAll();
});
afterAll(() => {
  // The suite ran on the transaction path, and no transaction had to be rolled back after a write.
  expect(shim.stats.committed).toBeGreaterThan(100);
  expect(shim.stats.abortsAfterWrites).toBe(0);
});
const onMongoPath = async () => createMongoStore({ uri: shim.uri, dbName: dbs.fresh() });

describeStoreContract('mongodb path (transactions, through the shim)', onMongoPath);
describeBoardStoreContract('mongodb path (transactions, through the shim)', onMongoPath);

describe('the transaction path', () => {
  it('answers conflict and duplicate from inside the transaction, before writing anything', async () => {
    const store = await onMongoPath();
    await store.init();
    try {
      const before = { ...shim.stats };
      expect(await store.create(creation(makeRelease(1), 'slack:Ev1'))).toEqual({ ok: true });
      // Same request key, another release number: the same form delivered twice.
      expect(await store.create(creation(makeRelease(2), 'slack:Ev1'))).toEqual({
        ok: false,
        reason: 'duplicate',
      });
      // Same number twice: two creators raced for it.
      expect(await store.create(creation(makeRelease(1)))).toEqual({ ok: false, reason: 'conflict' });
      const loaded = await store.load('REL-1');
      if (!loaded) throw new Error('REL-1 is not stored');
      const first = step(loaded, { stage: 'uat' }, 'req-a', 'approve');
      expect(await store.commit(first)).toEqual({ ok: true });
      expect(await store.commit(first)).toEqual({ ok: false, reason: 'duplicate' });
      // A second process (no in-process lane to answer for it) commits from the old version.
      const otherStore = createMongoStore({ uri: shim.uri, dbName: store.db.databaseName });
      try {
        expect(await otherStore.commit(step(loaded, { stage: 'dev' }, 'req-b', 'reject'))).toEqual({
          ok: false,
          reason: 'conflict',
        });
      } finally {
        await otherStore.close();
      }
      expect((await store.events('REL-1')).map((e) => e.what)).toEqual(['create', 'approve']);
      expect(shim.stats.committed - before.committed).toBe(2);
      expect(shim.stats.aborted - before.aborted).toBe(4);
      expect(shim.stats.abortsAfterWrites).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe('a database written by golive before #17 (tickets on MongoDB too)', () => {
  it('removes at start what a writer killed mid-commit left, so a later commit of that version does not send it', async () => {
    const dbName = dbs.fresh();
    const first = createMongoStore({ uri: shim.uri, dbName });
    await first.init();
    await first.create(creation(makeRelease(1)));
    const loaded = await first.load('REL-1');
    await first.close();
    if (!loaded) throw new Error('REL-1 is not stored');
    // A launch announcement and its audit event staged for version 2 by a writer that died, and its ticket.
    const dead = step(loaded, { stage: 'dead' }, 'dead-req', 'approve');
    const client = new MongoClient(dbs.uri);
    try {
      await leaveStaged(
        client.db(dbName),
        { ...dead.outbox[0]!, effect: { type: 'announce', what: 'launch' } },
        dead.events[0]!,
      );
      const store = createMongoStore({ uri: shim.uri, dbName });
      await store.init();
      try {
        expect(await client.db(dbName).collection('write_tickets').countDocuments()).toBe(0);
        // The next commit of version 2 records a refused click: an audit entry and no message.
        const refused = { ...step(loaded, {}, 'live-req', 'refused'), outbox: [] };
        expect(await store.commit(refused)).toEqual({ ok: true });
        expect((await store.pendingOutbox(at(10_000), 10)).map((o) => o.effect.type)).toEqual([
          'status_card',
        ]);
        expect((await store.events('REL-1')).map((e) => e.what)).toEqual(['create', 'refused']);
      } finally {
        await store.close();
      }
    } finally {
      await client.close();
    }
  });
});

describe('which server the store is on', () => {
  it('detects FerretDB by its buildInfo, and takes MONGODB_SERVER at its word', async () => {
    const client = new MongoClient(dbs.uri);
    try {
      const db = client.db(dbs.fresh());
      const info = await db.admin().command({ buildInfo: 1 });
      // The suites run on FerretDB in CI; on a MongoDB server (MONGODB_URI) detection must say no.
      expect(await ferretDbProbe(db)()).toBe('ferretdbVersion' in info);
      expect(await ferretDbProbe(db, 'mongodb')()).toBe(false);
      expect(await ferretDbProbe(db, 'ferretdb')()).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('refuses a standalone MongoDB at start, saying how to make it a replica set', async () => {
    // The shim as a standalone mongod: no `setName` in hello, not FerretDB by its buildInfo, and
    // refusing transactions as a standalone does.
    const standalone = await transactionShim(dbs.uri, { replicaSet: false });
    try {
      for (const server of ['detect', 'mongodb'] as const) {
        const store = createMongoStore({ uri: standalone.uri, dbName: dbs.fresh(), server });
        try {
          await expect(store.init()).rejects.toThrow(
            /^MongoDB at 127\.0\.0\.1:\d+ is a standalone server; golive commits a release and its audit events in one transaction, which needs a replica set — a one-member replica set is enough: start mongod with --replSet rs0, run rs\.initiate\(\)/,
          );
        } finally {
          await store.close();
        }
      }
      // What the check spares an operator: without it, the first create would fail on the server.
      const unchecked = createMongoStore({ uri: standalone.uri, dbName: dbs.fresh() });
      try {
        await expect(unchecked.create(creation(makeRelease(1)))).rejects.toThrow(
          /only allowed on a replica set member or mongos/,
        );
      } finally {
        await unchecked.close();
      }
      // FerretDB itself is not refused: it takes the ticket path (src/store/mongo/ferretdb/).
      const ferret = createMongoStore({ uri: dbs.uri, dbName: dbs.fresh() });
      try {
        await ferret.init();
      } finally {
        await ferret.close();
      }
    } finally {
      await standalone.close();
    }
  });
});
