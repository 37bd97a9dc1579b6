import { type Collection, type Document, MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updatesById } from '../../src/scheduler/ferretdb-by-id.js';
import { testDatabases } from '../support/mongo.js';

// On FerretDB, Agenda's conditional updates of one job are sent by `_id` alone with the conditions
// checked in between (src/scheduler/ferretdb-by-id.ts). Agenda's lock and run bookkeeping rely on
// those conditions: a job saved under another name, or locked already, must not be written.
const dbs = testDatabases('by_id');
let client: MongoClient;
let jobs: Collection<Document>;

beforeAll(async () => {
  client = await new MongoClient(dbs.uri).connect();
  jobs = updatesById(client.db(dbs.fresh()).collection('agendaJobs'));
});
afterAll(async () => {
  await client.close();
  await dbs.dropAll();
});

const due = new Date('2026-12-03T09:00:00Z');
const aJob = async () => {
  const _id = new ObjectId();
  await jobs.insertOne({ _id, name: 'remind', nextRunAt: due, lockedAt: null, disabled: false });
  return _id;
};

describe("Agenda's job updates by _id on FerretDB", () => {
  it('locks a job once: the second lock finds it locked and writes nothing', async () => {
    const _id = await aJob();
    const lock = { _id, name: 'remind', nextRunAt: due, lockedAt: null, disabled: { $ne: true } };
    const first = await jobs.updateOne(lock, { $set: { lockedAt: new Date(), lastModifiedBy: 'a' } });
    const second = await jobs.updateOne(lock, { $set: { lockedAt: new Date(), lastModifiedBy: 'b' } });
    expect([first.modifiedCount, second.matchedCount]).toEqual([1, 0]);
    expect((await jobs.findOne({ _id }))?.lastModifiedBy).toBe('a');
  });

  it('writes nothing when a condition fails: another name, another run time, a disabled job', async () => {
    const _id = await aJob();
    await jobs.updateOne({ _id }, { $set: { disabled: true } });
    for (const filter of [
      { _id, name: 'escalate' },
      { _id, nextRunAt: new Date(due.getTime() + 1) },
      { _id, disabled: { $ne: true } },
      { _id: new ObjectId(), name: 'remind' },
    ])
      expect((await jobs.updateOne(filter, { $set: { progress: 1 } })).matchedCount).toBe(0);
    expect((await jobs.findOne({ _id }))?.progress).toBeUndefined();
  });

  it("saves a run's state and unlocks as Agenda asks, and passes other filters on unchanged", async () => {
    const _id = await aJob();
    expect((await jobs.updateOne({ _id, name: 'remind' }, { $set: { lastRunAt: due } })).modifiedCount).toBe(
      1,
    );
    const unlock = await jobs.updateOne({ _id, nextRunAt: { $ne: null } }, { $unset: { lockedAt: true } });
    expect(unlock.matchedCount).toBe(1);
    // An operator this file does not check is the server's to decide.
    const later = await jobs.updateOne({ _id, nextRunAt: { $lte: due } }, { $set: { progress: 2 } });
    expect(later.modifiedCount).toBe(1);
    const removed = await jobs.deleteMany({ _id });
    expect(removed.deletedCount).toBe(1);
    expect(await jobs.findOne({ _id })).toBeNull();
  });
});
