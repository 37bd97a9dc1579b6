import { afterAll, afterEach } from 'vitest';
import { createAgendaScheduler } from '../../src/scheduler/agenda-scheduler.js';
import { createMongoAgendaBackend } from '../../src/scheduler/mongo-backend.js';
import type { TimerScheduler } from '../../src/scheduler/port.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import type { ReleaseStore } from '../../src/store/port.js';
import { testDatabases } from '../support/mongo.js';
import { captureLogger } from './helpers.js';

/**
 * Scheduler "processes" on MongoDB for one test file: each its own store connection and Agenda on that
 * store's database (several share one database as replicas do), stopped after each test; the file's
 * databases are dropped at the end.
 */
export function mongoSchedulerProcesses(file: string) {
  const dbs = testDatabases(file);
  afterAll(() => dbs.dropAll());
  const open: { scheduler: TimerScheduler; store: ReleaseStore }[] = [];
  afterEach(async () => {
    for (const { scheduler, store } of open.splice(0)) {
      await scheduler.stop();
      await store.close();
    }
  });

  async function processOn(
    dbName: string,
    opts: { name?: string; lockLifetimeMs?: number; processEvery?: number } = {},
  ) {
    const store = createMongoStore({ uri: dbs.uri, dbName });
    await store.init();
    const { logger } = captureLogger();
    const scheduler = createAgendaScheduler({
      backend: createMongoAgendaBackend({ db: store.db }),
      logger,
      processEvery: 300,
      ...opts,
    });
    open.push({ scheduler, store });
    return { scheduler, store, jobs: store.db.collection('agendaJobs') };
  }
  return { dbs, processOn };
}
