import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { mongoParts } from '../../src/store/mongo/parts.js';
import { transitionWriter } from '../../src/store/mongo/transitions.js';
import { leaveStaged, testDatabases } from '../support/mongo.js';
import { describeBoardStoreContract } from './board-contract.js';
import { describeStoreContract } from './contract.js';
import { at, creation, makeRelease, step } from './fixtures.js';

// The same contract as the embedded store, on a real MongoDB-wire server (FerretDB in CI). Every write
// is a network round trip here, and FerretDB v1 on SQLite serialises them, so the racing tests get
// more time than the in-process SQLite store needs.
vi.setConfig({ testTimeout: 120_000 });

const dbs = testDatabases('store');
afterAll(() => dbs.dropAll());

describeStoreContract('mongodb', async () => createMongoStore({ uri: dbs.uri, dbName: dbs.fresh() }));
describeBoardStoreContract('mongodb', async () => createMongoStore({ uri: dbs.uri, dbName: dbs.fresh() }));

describe('mongodb store shared by several processes', () => {
  // Detected: on FerretDB the ticket path, on a MongoDB replica set (MONGODB_URI) the transaction path.
  const open = async (dbName: string, server?: 'ferretdb') => {
    const store = createMongoStore({ uri: dbs.uri, dbName, server });
    await store.init();
    return store;
  };
  // The tests of writers that died or stalled mid-commit check FerretDB's ticket protocol
  // (src/store/mongo/ferretdb/): chosen explicitly, so they check it on a MongoDB server too (the
  // protocol runs there as well), where a commit would otherwise be one transaction and leave nothing.
  const openTickets = (dbName: string) => open(dbName, 'ferretdb');

  it('lets exactly one of two processes commit from the same version, every round', async () => {
    const dbName = dbs.fresh();
    const [a, b] = [await open(dbName), await open(dbName)];
    try {
      for (let n = 1; n <= 25; n += 1) {
        await a.create(creation(makeRelease(n)));
        const loaded = await b.load(`REL-${n}`);
        if (!loaded) throw new Error(`process b cannot see REL-${n}`);
        const fromA = step(loaded, { stage: 'uat' }, `a-${n}`, 'approve');
        const fromB = step(loaded, { stage: 'dev' }, `b-${n}`, 'reject');
        const results = await Promise.all([a.commit(fromA), b.commit(fromB)]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const winner = results[0]?.ok ? fromA : fromB;
        expect(await b.load(`REL-${n}`)).toEqual(winner.release);
        expect((await a.events(`REL-${n}`)).map((e) => e.what)).toEqual(['create', winner.events[0]?.what]);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('frees a release whose writer died mid-commit, without handing out what that writer left', async () => {
    const dbName = dbs.fresh();
    const store = await openTickets(dbName);
    try {
      await store.create(creation(makeRelease(1)));
      const loaded = await store.load('REL-1');
      if (!loaded) throw new Error('REL-1 is not stored');
      // What a process that died after writing its outbox entry, before its commit point, leaves behind.
      const dead = step(loaded, { stage: 'dead' }, 'dead-req', 'approve');
      const deadOutbox = { ...dead.outbox[0]!, effect: { type: 'announce', what: 'launch' } as const };
      await leaveStaged(store.db, deadOutbox, dead.events[0]!);
      expect((await store.pendingOutbox(at(10_000), 10)).map((o) => o.effect.type)).toEqual(['status_card']);
      expect(await store.event('REL-1', dead.events[0]!.seq)).toBeNull();

      const alive = step(loaded, { stage: 'uat' }, 'live-req', 'approve');
      expect(await store.commit(alive)).toEqual({ ok: true });
      expect((await store.load('REL-1'))?.stage).toBe('uat');
      const pending = await store.pendingOutbox(at(10_000), 10);
      expect(pending.map((o) => o.effect.type)).toEqual(['status_card', 'notify']);
      expect(await store.findByIdempotencyKey('dead-req')).toBeNull();
      expect(await store.event('REL-1', alive.events[0]!.seq)).toEqual(alive.events[0]);
    } finally {
      await store.close();
    }
  });

  it('does not send what a dead writer left when the next commit of that version sends nothing', async () => {
    const dbName = dbs.fresh();
    const store = await openTickets(dbName);
    try {
      await store.create(creation(makeRelease(1)));
      const loaded = await store.load('REL-1');
      if (!loaded) throw new Error('REL-1 is not stored');
      const dead = step(loaded, { stage: 'dead' }, 'dead-req', 'approve');
      await leaveStaged(store.db, { ...dead.outbox[0]!, effect: { type: 'announce', what: 'launch' } });
      // The next writer of that version records a refused click: an audit entry and no message.
      const refused = { ...step(loaded, {}, 'live-req', 'refused'), outbox: [] };
      expect(await store.commit(refused)).toEqual({ ok: true });
      // The dead writer's launch announcement never happened: it must not go out now.
      expect((await store.pendingOutbox(at(10_000), 10)).map((o) => o.effect.type)).toEqual(['status_card']);
    } finally {
      await store.close();
    }
  });

  it('keeps a stalled writer whose ticket was taken over from overwriting the commit of the one that took it', async () => {
    const dbName = dbs.fresh();
    const b = await openTickets(dbName);
    // Process a, built from the store's parts so that one of its writes can be held up: the request key
    // it writes just before its release write waits until the test lets it go.
    const client = new MongoClient(dbs.uri, { ignoreUndefined: true });
    const parts = mongoParts(client.db(dbName), 'process-a', 'ferretdb');
    let stalled = false;
    let resume = () => {};
    const held = new Promise<void>((r) => {
      resume = r;
    });
    const keys = parts.requestKeys;
    parts.requestKeys = new Proxy(keys, {
      get(target, prop) {
        const real = Reflect.get(target, prop, target);
        if (prop !== 'insertOne' && prop !== 'updateOne') return real;
        return async (...args: unknown[]) => {
          stalled = true;
          await held;
          return real.apply(target, args);
        };
      },
    });
    const a = transitionWriter(parts);
    try {
      const created = creation(makeRelease(1));
      await b.create(created);
      const loaded = await b.load('REL-1');
      if (!loaded) throw new Error('REL-1 is not stored');
      const fromA = step(loaded, { stage: 'uat' }, 'a-req', 'approve');
      const fromB = step(loaded, { stage: 'dev' }, 'b-req', 'reject');
      const byA = a.commit(fromA);
      await vi.waitFor(() => expect(stalled).toBe(true), { timeout: 30_000 });
      // Process b commits from the same version once a's ticket is stale, taking it over.
      await vi.waitFor(async () => expect(await b.commit(fromB)).toEqual({ ok: true }), {
        timeout: 60_000,
        interval: 200,
      });
      resume();
      expect(await byA).toEqual({ ok: false, reason: 'conflict' });
      expect(await b.load('REL-1')).toEqual(fromB.release);
      expect(await b.events('REL-1')).toEqual([...created.events, ...fromB.events]);
      expect(await b.findByIdempotencyKey('a-req')).toBeNull();
      expect(await b.findByIdempotencyKey('b-req')).toEqual({ releaseId: 'REL-1' });
    } finally {
      resume();
      await Promise.all([b.close(), client.close()]);
    }
  });

  it('does not send what a dead writer left after pruning request keys took its ticket over', async () => {
    const dbName = dbs.fresh();
    const store = await openTickets(dbName);
    try {
      await store.create(creation(makeRelease(1), 'slack:old'));
      const loaded = await store.load('REL-1');
      if (!loaded) throw new Error('REL-1 is not stored');
      const dead = step(loaded, { stage: 'dead' }, 'dead-req', 'approve');
      await leaveStaged(store.db, { ...dead.outbox[0]!, effect: { type: 'announce', what: 'launch' } });
      // Pruning rewrites REL-1 under the same ticket a commit from version 1 takes, taking the dead
      // writer's over and then removing it.
      expect(await store.forgetRequestKeys(at(2))).toBe(1);
      const refused = { ...step(loaded, {}, 'live-req', 'refused'), outbox: [] };
      expect(await store.commit(refused)).toEqual({ ok: true });
      expect((await store.pendingOutbox(at(10_000), 10)).map((o) => o.effect.type)).toEqual(['status_card']);
    } finally {
      await store.close();
    }
  });
});
