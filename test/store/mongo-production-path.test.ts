import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ferretDbProbe } from '../../src/store/mongo/ferretdb.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { testDatabases } from '../support/mongo.js';
import { describeBoardStoreContract } from './board-contract.js';
import { describeStoreContract } from './contract.js';

// The store's MongoDB path (MONGODB_SERVER=mongodb), run on the test server with its FerretDB
// work-arounds switched off: every read and write as written for MongoDB must do what the contract
// says. What FerretDB cannot show is that MongoDB decides a race in one step (a conditional update is
// single-winner there, not on FerretDB), so two claims of one outbox entry, or callers asking for
// release numbers, go one after the other here.
// On a MongoDB server (MONGODB_URI), mongo.test.ts runs this same path with the races raced.
vi.setConfig({ testTimeout: 120_000 });

const dbs = testDatabases('prodpath');
afterAll(() => dbs.dropAll());
const onMongoPath = async () => createMongoStore({ uri: dbs.uri, dbName: dbs.fresh(), server: 'mongodb' });

describeStoreContract('mongodb path (work-arounds off)', onMongoPath, { raceOneDocument: false });
describeBoardStoreContract('mongodb path (work-arounds off)', onMongoPath);

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
});
