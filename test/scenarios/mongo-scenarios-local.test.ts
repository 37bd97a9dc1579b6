import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useProcessStore } from '../local/support/golive-process.js';
import { scenariosOnMongo } from './on-mongo.js';

// The scripted local sessions, each a real `npm start` process, on the MongoDB store: every process
// gets MONGODB_URI and a database named after its data folder (so a restart finds its releases).
const dbs = scenariosOnMongo('local');
const names = new Map<string, string>();
useProcessStore((dataDir) => {
  let db = names.get(dataDir);
  if (!db) {
    db = dbs.fresh();
    names.set(dataDir, db);
  }
  return { MONGODB_URI: dbs.uri, MONGODB_DB: db };
});

await import('../local/sessions.test.js');

describe('where the sessions kept their releases', () => {
  it('each session process wrote its release and audit trail to its own MongoDB database', async () => {
    expect(names.size).toBe(4);
    const client = new MongoClient(dbs.uri);
    try {
      for (const db of names.values()) {
        const release = await client
          .db(db)
          .collection('releases')
          .findOne({ _id: 'REL-1' as never });
        expect(release?.status, db).toBe('done');
        expect(
          await client.db(db).collection('events').countDocuments({ releaseId: 'REL-1' }),
        ).toBeGreaterThan(5);
      }
    } finally {
      await client.close();
    }
  });
});
