// Starts the delivery thread from the TypeScript sources (npm start, tests): a worker thread does not
// inherit tsx's loader from the main thread, so it registers it before importing thread.ts. The
// compiled build (dist/) starts thread.js directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.thread);
