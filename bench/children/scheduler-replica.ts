/**
 * One golive replica's scheduler for the scheduler benchmark: Agenda on MongoDB through our backend
 * (createMongoAgendaBackend on the store's connection), exactly as createPersistence builds it, with a
 * handler that only records when it was called. (The core's handler would add a load and a commit per
 * timer; this measures when the scheduler fires, not how fast the store writes.) Over IPC:
 *   → { ready }                                         connected, indexes made
 *   ← { start: true }          → { started }            Agenda polling, as at start-up
 *   ← { sync: [[releaseId, dueAt]], concurrency }  → { synced, ms }   one reminder per release
 *   ← { stop: true }           → { fired: [...] } then exits
 *   → { fired: [[releaseId, timerId, firedAtMs]] }      every 250 ms while firing
 */
import type { TimerState } from '../../src/domain/types.js';
import { createLogger } from '../../src/log.js';
import { createAgendaScheduler } from '../../src/scheduler/agenda-scheduler.js';
import { createMongoAgendaBackend } from '../../src/scheduler/mongo-backend.js';
import { createMongoStore } from '../../src/store/mongo/index.js';

const uri = process.env.MONGODB_URI ?? '';
const dbName = process.env.BENCH_DB ?? '';
const name = process.env.BENCH_REPLICA ?? `replica-${process.pid}`;
const processEvery = Number(process.env.SCHEDULER_POLL_MS ?? 5_000);

const logger = createLogger({ level: 'warn' });
const store = createMongoStore({ uri, dbName });
await store.init();
const scheduler = createAgendaScheduler({
  backend: createMongoAgendaBackend({ db: store.db }),
  logger,
  processEvery,
  name,
});

let fired: [string, string, number][] = [];
const flush = () => {
  if (fired.length === 0) return;
  process.send?.({ fired });
  fired = [];
};
const flushing = setInterval(flush, 250);

const reminder = (dueAt: string): TimerState => ({
  id: '1:remind',
  kind: 'remind',
  specId: 'remind',
  stage: 'sign_off',
  stageEntry: 1,
  dueAt,
});

process.on(
  'message',
  async (m: { start?: boolean; sync?: [string, string][]; concurrency?: number; stop?: boolean }) => {
    if (m.start) {
      await scheduler.start(async (releaseId, timerId) => {
        fired.push([releaseId, timerId, Date.now()]);
      });
      process.send?.({ started: true });
    }
    if (m.sync) {
      const t0 = performance.now();
      const queue = [...m.sync];
      // Several releases at once, as concurrent requests would sync them.
      await Promise.all(
        Array.from({ length: m.concurrency ?? 10 }, async () => {
          for (let next = queue.shift(); next; next = queue.shift())
            await scheduler.sync(next[0], [reminder(next[1])]);
        }),
      );
      process.send?.({ synced: m.sync.length, ms: performance.now() - t0 });
    }
    if (m.stop) {
      clearInterval(flushing);
      flush();
      await scheduler.stop();
      await store.close();
      process.send?.({ stopped: true }, () => process.exit(0));
    }
  },
);
process.send?.({ ready: true });
