import { afterAll, describe, it } from 'vitest';
import { testDatabases } from '../support/mongo.js';
import { killWhileUndelivered } from './kill-delivery.js';

const dbs = testDatabases('kill');
afterAll(() => dbs.dropAll());

describe('a bot process killed while a transition’s messages are undelivered (MongoDB store)', () => {
  it('sends each of them exactly once after it is started again', async () => {
    const dbName = dbs.fresh();
    await killWhileUndelivered(() => ({ MONGODB_URI: dbs.uri, MONGODB_DB: dbName }));
  }, 180_000);
});
