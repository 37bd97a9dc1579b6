import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/mongo.js';
import { transactionShim } from '../support/transaction-shim.js';

// The test shim that stands in for a replica set's transactions (test/support/transaction-shim.ts),
// checked on its own: what mongo-production-path.test.ts rests on must hold, or that suite says nothing.

const dbs = testDatabases('shim');
const shim = await transactionShim(dbs.uri);
const client = new MongoClient(shim.uri);
afterAll(async () => {
  await client.close();
  await shim.close();
  await dbs.dropAll();
});

describe('transaction shim', () => {
  it('looks like a one-member replica set that is not FerretDB', async () => {
    const admin = client.db('admin').admin();
    expect((await admin.command({ hello: 1 })).setName).toBe('shim');
    expect(await admin.command({ buildInfo: 1 })).not.toHaveProperty('ferretdbVersion');
  });

  it('runs one transaction at a time: a second one starts only once the first has committed', async () => {
    const docs = client.db(dbs.fresh()).collection<{ _id: string }>('docs');
    const [a, b] = [client.startSession(), client.startSession()];
    try {
      a.startTransaction();
      await docs.insertOne({ _id: 'a1' }, { session: a });
      b.startTransaction();
      // Sent while a is under way: it waits for a's commit, so it sees both of a's documents.
      const seenByB = docs.find({}, { session: b }).toArray();
      await docs.insertOne({ _id: 'a2' }, { session: a });
      await a.commitTransaction();
      expect((await seenByB).map((d) => d._id).sort()).toEqual(['a1', 'a2']);
      await b.commitTransaction();
    } finally {
      await Promise.all([a.endSession(), b.endSession()]);
    }
  });

  it('counts an abort that came after a write (it cannot undo one), and only that', async () => {
    const docs = client.db(dbs.fresh()).collection<{ _id: string; v: number }>('docs');
    await docs.insertOne({ _id: 'x', v: 1 });
    const session = client.startSession();
    const before = { ...shim.stats };
    try {
      // A conditional update that matched nothing, then an abort: nothing to undo.
      session.startTransaction();
      await docs.updateOne({ _id: 'x', v: 2 }, { $set: { v: 3 } }, { session });
      await session.abortTransaction();
      expect(shim.stats.abortsAfterWrites).toBe(before.abortsAfterWrites);
      // A write, then an abort: the write stays on FerretDB, and the shim says so.
      session.startTransaction();
      await docs.updateOne({ _id: 'x', v: 1 }, { $set: { v: 2 } }, { session });
      await session.abortTransaction();
      expect(shim.stats.abortsAfterWrites).toBe(before.abortsAfterWrites + 1);
      expect(shim.stats.aborted).toBe(before.aborted + 2);
    } finally {
      await session.endSession();
    }
  });
});
