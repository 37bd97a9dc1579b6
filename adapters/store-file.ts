import { join } from 'node:path';
import type { GoliveEnv } from '../src/config/env.js';
import type { ReleaseStore } from '../src/store/port.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';

/** The embedded store's file under DATA_DIR. */
export const sqliteFile = (env: GoliveEnv) => join(env.DATA_DIR, 'golive.sqlite');

/**
 * A second connection to the store persistence.ts opens, for the delivery thread: its own MongoDB
 * client, or its own connection to the SQLite file (WAL lets it read and write beside the main
 * thread's; the main connection keeps running the checkpoints). Apart from persistence.ts so the
 * thread loads no scheduler.
 */
export async function openStore(env: GoliveEnv): Promise<ReleaseStore> {
  if (env.MONGODB_URI) {
    const { createMongoStore } = await import('../src/store/mongo/index.js');
    return createMongoStore({ uri: env.MONGODB_URI, dbName: env.MONGODB_DB, server: env.MONGODB_SERVER });
  }
  return createSqliteStore({ file: sqliteFile(env), checkpoints: false });
}
