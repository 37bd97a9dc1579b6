import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs in the worker: its own connection to the file, a PASSIVE checkpoint every `everyMs` (it copies
 * what it can without waiting for readers or writers), closed when the parent says so.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 10000 });
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints of a database file off the event loop. SQLite otherwise checkpoints inside the
 * commit that fills the WAL past 1000 pages (about every 30th decision), copying those pages into the
 * file and syncing it: 15–90 ms during which no click is acknowledged. A worker thread checkpoints
 * instead; the connections keep a much larger automatic threshold (open.ts) only as a safety net.
 */
export function startCheckpointer(file: string, everyMs = 500): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
  // Never keeps the process alive on its own; a failed worker leaves the safety net to checkpoint.
  worker.unref();
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Unref'd, the worker would not keep the process alive while we wait for it to close its
      // connection: with nothing else pending, Node would end (or leave a top-level await unsettled).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
