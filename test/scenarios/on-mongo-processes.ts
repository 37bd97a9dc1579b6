import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useProcessStore } from '../local/support/golive-process.js';
import { scenariosOnMongo } from './on-mongo.js';

/**
 * Runs the local sessions a mongo-scenarios-local*.test.ts imports as real `npm start` processes on the
 * MongoDB store: every process gets MONGODB_URI and a database named after its data folder (so a restart
 * would find its releases). `expectReleasesInMongo`, declared after the imports, checks they really
 * went there.
 */
export function sessionsOnMongo(file: string) {
  const dbs = scenariosOnMongo(file);
  const names = new Map<string, string>();
  useProcessStore((dataDir) => {
    let db = names.get(dataDir);
    if (!db) {
      db = dbs.fresh();
      names.set(dataDir, db);
    }
    return { MONGODB_URI: dbs.uri, MONGODB_DB: db };
  });
  return {
    expectReleasesInMongo(sessions: number) {
      describe('where the sessions kept their releases', () => {
        it('each session process wrote its release and audit trail to its own MongoDB database', async () => {
          expect(names.size).toBe(sessions);
          const client = new MongoClient(dbs.uri);
          try {
            for (const db of names.values()) {
              const release = await client
                .db(db)
                .collection('releases')
                .findOne({ _id: 'REL-1' as never });
              expect(release?.status, db).toBe('done');
              const events = await client.db(db).collection('events').countDocuments({ releaseId: 'REL-1' });
              expect(events).toBeGreaterThanOrEqual(3);
            }
          } finally {
            await client.close();
          }
        });
      });
    },
  };
}
