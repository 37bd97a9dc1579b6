/**
 * `npm run bench:scheduler`: only the scheduler benchmark (bench/scheduler.ts), on MONGODB_URI
 * (`scripts/ferretdb.sh start` prints one). `npm run bench` runs it too when MONGODB_URI is set.
 */
import { machine } from './machine.js';
import { runSchedulerBench } from './scheduler.js';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is unset: start FerretDB with scripts/ferretdb.sh start');
await runSchedulerBench(uri, machine());
process.exit(0);
