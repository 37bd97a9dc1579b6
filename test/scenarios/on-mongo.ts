import { afterAll, vi } from 'vitest';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { useScenarioStore } from '../support/core.js';
import { testDatabases } from '../support/mongo.js';

/**
 * Runs the scenario files a mongo-scenarios-*.test.ts imports after calling this with the real core on
 * the MongoDB store (FerretDB in CI) instead of the embedded one: importing a test file registers its
 * tests in the importing file, so they run exactly as written, each core on a database of its own. The
 * scenarios are split over several files so vitest runs them side by side. Slower server, more time.
 */
export function scenariosOnMongo(file: string) {
  vi.setConfig({ testTimeout: 90_000 });
  const dbs = testDatabases(file);
  useScenarioStore(
    () => createMongoStore({ uri: dbs.uri, dbName: dbs.fresh() }),
    () => {
      const dbName = dbs.fresh();
      return () => createMongoStore({ uri: dbs.uri, dbName });
    },
  );
  afterAll(() => dbs.dropAll());
  return dbs;
}
