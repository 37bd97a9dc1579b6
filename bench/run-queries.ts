/**
 * `npm run bench:queries`: only the queries with a large history (bench/queries.ts) on the embedded
 * SQLite store — the bot's own lists and the release board's list, deep pages, search and filters.
 * BENCH_RELEASES sets the history (default 100,000). `npm run bench` runs it too.
 */
import { machine } from './machine.js';
import { queryBench, seedSqliteInBulk, sqliteForBench } from './queries.js';

const releases = Number(process.env.BENCH_RELEASES ?? 100_000);
const store = sqliteForBench();
const figures = await queryBench(store, 'sqlite', releases, Number(process.env.BENCH_RUNS ?? 500), () =>
  seedSqliteInBulk(store, releases),
);
console.log(JSON.stringify({ machine: machine(), ...figures }, null, 2));
process.exit(0);
