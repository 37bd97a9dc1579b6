import { mkdirSync } from 'node:fs';
import type { GoliveEnv } from '../src/config/env.js';
import type { Logger } from '../src/log.js';
import { type AgendaTimerScheduler, createAgendaScheduler } from '../src/scheduler/agenda-scheduler.js';
import { SqliteAgendaBackend } from '../src/scheduler/agenda-sqlite-backend.js';
import type { ReleaseStore } from '../src/store/port.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import { sqliteFile } from './store-file.js';

export interface Persistence {
  store: ReleaseStore;
  scheduler: AgendaTimerScheduler;
}

/**
 * MongoDB (store and Agenda jobs in one database) when MONGODB_URI is set; otherwise the embedded
 * SQLite file under DATA_DIR, which holds the releases and Agenda's jobs alike.
 */
export async function createPersistence(env: GoliveEnv, log: Logger): Promise<Persistence> {
  if (env.MONGODB_URI) {
    // The MongoDB driver loads only when it is used: the embedded mode starts faster without it.
    const { createMongoStore } = await import('../src/store/mongo/index.js');
    const { createMongoAgendaBackend } = await import('../src/scheduler/mongo-backend.js');
    const store = createMongoStore({
      uri: env.MONGODB_URI,
      dbName: env.MONGODB_DB,
      server: env.MONGODB_SERVER,
    });
    // Agenda's own MongoDB backend on the store's connection (see mongo-backend.ts).
    const backend = createMongoAgendaBackend({ db: store.db, server: env.MONGODB_SERVER });
    return {
      store,
      scheduler: createAgendaScheduler({ backend, logger: log, processEvery: env.SCHEDULER_POLL_MS }),
    };
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const file = sqliteFile(env);
  const store = createSqliteStore({ file });
  const backend = new SqliteAgendaBackend({ file });
  return {
    store,
    scheduler: createAgendaScheduler({ backend, logger: log, processEvery: env.SCHEDULER_POLL_MS }),
  };
}
