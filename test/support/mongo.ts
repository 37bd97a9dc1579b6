import { MongoClient } from 'mongodb';

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
