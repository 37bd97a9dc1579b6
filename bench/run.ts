/**
 * `npm run bench`: golive against a bare Bolt app, side by side in one run on this machine.
 * Prints a table and writes bench/results/latest.json. Not part of `npm test`.
 * BENCH_SECONDS (default 3) sets each load run's length; BENCH_RELEASES (default 100000) the
 * query data set; MONGODB_URI adds golive on the MongoDB store (ack latency, queries) and the
 * scheduler benchmark (bench/scheduler.ts, bench/results/scheduler.json; BENCH_SCHEDULER=0 skips it);
 * BENCH_QUERIES=0 skips the queries;
 * BENCH_STARTS (default 5) sets how many times each entry point is started for the start-up figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { SLACK_EVENTS_PATH } from '../adapters/slack/index.js';
import { type Child, click, cpuMs, figures, ms, profiles, seq, slash, start } from './harness.js';
import { type LoadResult, runLoad } from './load.js';
import { queryBench, seedMongoInBulk, seedSqliteInBulk, sqliteForBench } from './queries.js';
import { runSchedulerBench } from './scheduler.js';
import { build, measureStartup, rssMB } from './startup.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RELEASES = Number(process.env.BENCH_RELEASES ?? 100_000);
const CLIENTS = [1, 10, 50];
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 600);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
/** BENCH_ONLY=decisions: only the decisions benchmark and the bare app's clicks at 10 clients it is set against. */
const ONLY_DECISIONS = process.env.BENCH_ONLY === 'decisions';
const here = import.meta.dirname;

async function main() {
  const results: Record<string, unknown> = {
    when: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    seconds: SECONDS,
  };

  // Start-up time to /readyz and idle RSS of the real entry point: the compiled build (production,
  // the Docker image) and the sources through tsx (`npm start`), one start at a time, before any load.
  if (!ONLY_DECISIONS) build();
  results.startup = ONLY_DECISIONS
    ? {}
    : {
        runs: STARTS,
        compiled: await measureStartup(['dist/adapters/main.js'], STARTS),
        tsx: await measureStartup(['--import', 'tsx', 'adapters/main.ts'], STARTS),
      };
  console.log(JSON.stringify(results.startup));
  // The platform: the fake Slack Web API in a process of its own, shared by every app in turn.
  const fake = await start('fake-slack.ts');
  const apiUrl = { BENCH_SLACK_API_URL: String(fake.first.apiUrl) };
  // The embedded store here even when MONGODB_URI is set; golive on MongoDB is a column of its own.
  const golive = await start('golive.ts', { ...apiUrl, MONGODB_URI: '' });
  const bare = await start('bare-bolt.ts');
  const reference = await start('bolt-reference.ts', apiUrl);
  // The floor for a click that answers: acks, then a short private text through response_url.
  const clickReference = await start('bolt-click-reference.ts', apiUrl);
  const mongoUri = process.env.MONGODB_URI;
  const goliveMongo = mongoUri ? await start('golive.ts', { ...apiUrl, MONGODB_URI: mongoUri }) : undefined;
  await new Promise((r) => setTimeout(r, 2000));
  (results.startup as Record<string, unknown>).bareIdleRssMB = rssMB(bare.proc.pid);
  const responseUrl = String(fake.first.responseUrl);

  const seeded = (await golive.ask({ seed: DECISIONS + 50 }, 'seeded')).seeded as string[];
  const forClicks = seeded.slice(0, 50);
  const pool = seeded.slice(50);
  const mongoClicks = goliveMongo ? ((await goliveMongo.ask({ seed: 50 }, 'seeded')).seeded as string[]) : [];

  // Ack latency: approve clicks and slash commands at 1, 10 and 50 clients.
  const latency: Record<string, unknown>[] = [];
  const kinds = ONLY_DECISIONS ? (['approve click'] as const) : (['approve click', 'slash command'] as const);
  for (const kind of kinds) {
    for (const clients of ONLY_DECISIONS ? [10] : CLIENTS) {
      const maker = (releases: string[], url: string) =>
        kind === 'approve click'
          ? () => click('U_ERIN', releases[seq % releases.length] as string, url)
          : () => slash('help', url);
      const row: Record<string, unknown> = { kind, clients };
      const apps: [string, Child, () => ReturnType<typeof click>][] = [
        ['bare', bare, maker(forClicks, responseUrl)],
        ['golive', golive, maker(forClicks, responseUrl)],
      ];
      // Beside the clicks, the reference click bot (bolt-click-reference.ts); its slash commands only ack.
      if (kind === 'approve click') apps.push(['reference', clickReference, maker(forClicks, responseUrl)]);
      if (goliveMongo) apps.push(['goliveMongo', goliveMongo, maker(mongoClicks, responseUrl)]);
      for (const [name, child, make] of apps) {
        await runLoad({ port: child.port, path: SLACK_EVENTS_PATH, clients, seconds: 0.5, make }); // warm-up
        // The first warm-up's clicks decide the 50 releases; the messages those decisions send are not
        // part of the clicks measured next (they were in golive's 1-client cell until 2026-11-26).
        await platformSettled(fake);
        const cpuBefore = await cpuMs(child);
        const r: LoadResult = await runLoad({
          port: child.port,
          path: SLACK_EVENTS_PATH,
          clients,
          seconds: SECONDS,
          make,
        });
        // The app's CPU time while the run lasted, per answered request (work an app leaves for
        // after the run, such as golive's outbox, is not in it).
        const cpuPerRequest = ms(((await cpuMs(child)) - cpuBefore) / Math.max(1, r.requests));
        row[name] = figures(r, cpuPerRequest);
      }
      const b = row.bare as { p99: number; p50: number };
      const g = row.golive as { p99: number; p50: number };
      row.p99Ratio = ms(g.p99 / b.p99);
      row.p50Ratio = ms(g.p50 / b.p50);
      // The issue's ratio stays golive against the bare app; these say how far a click that answers
      // (the reference) already is from it, and golive from the reference, in latency and in CPU.
      const ref = row.reference as { p99: number; cpuMsPerRequest: number } | undefined;
      if (ref) {
        row.referenceP99Ratio = ms(ref.p99 / b.p99);
        row.p99RatioToReference = ms(g.p99 / ref.p99);
        row.cpuRatioToReference = ms(
          (row.golive as { cpuMsPerRequest: number }).cpuMsPerRequest / ref.cpuMsPerRequest,
        );
      }
      const m = row.goliveMongo as { p99: number } | undefined;
      if (m) row.p99RatioMongo = ms(m.p99 / b.p99);
      latency.push(row);
      console.log(JSON.stringify(row));
    }
  }
  results.ackLatency = latency;

  // Decisions per second: each click decides a different release (ack after commit, transition,
  // outbox delivery to the fake Web API), against the bare app's acks per second at 10 clients; and the
  // reference Bolt app making the same platform calls per click, with nothing of golive's behind them.
  const bareRow = latency.find((r) => r.kind === 'approve click' && r.clients === 10);
  const bareAt10 = (bareRow?.bare as { perSecond: number } | undefined)?.perSecond ?? Number.NaN;
  const bareCpuAt10 =
    (bareRow?.bare as { cpuMsPerRequest: number } | undefined)?.cpuMsPerRequest ?? Number.NaN;
  let next = 0;
  const g = await decisionsPerSecond('golive', fake, golive, pool.length, () =>
    click('U_ERIN', pool[next++] as string, responseUrl),
  );
  const r = await decisionsPerSecond('reference', fake, reference, pool.length, () =>
    click('U_ERIN', pool[seq % pool.length] as string, responseUrl),
  );
  results.decisions = {
    ...g,
    bareAcksPerSecondAt10: bareAt10,
    ratio: ms(g.perSecond / bareAt10),
    reference: r,
    ratioToReference: ms(g.perSecond / r.perSecond),
    referenceRatioToBare: ms(r.perSecond / bareAt10),
    bareCpuMsPerAckAt10: bareCpuAt10,
    cpuRatioToReference: ms(g.cpuMsPerDecision / r.cpuMsPerDecision),
    // The issue's ratio in CPU time (decisions per CPU second against bare acks per CPU second), which
    // other work on the machine moves far less than the wall-time ratio.
    cpuRatio: ms(bareCpuAt10 / g.cpuMsPerDecision),
    referenceCpuRatio: ms(bareCpuAt10 / r.cpuMsPerDecision),
  };
  console.log(JSON.stringify(results.decisions));

  // Both golive children stop side by side; each exit is awaited from before it is asked to stop.
  const exits = [golive, goliveMongo].flatMap((child) =>
    child ? [new Promise((r) => child.proc.once('exit', r))] : [],
  );
  golive.proc.send({ stop: true });
  goliveMongo?.proc.send({ stop: true });
  bare.proc.kill();
  reference.proc.kill();
  clickReference.proc.kill();
  fake.proc.kill();
  await Promise.all(exits);

  // Queries with a large history.
  const queries =
    process.env.BENCH_QUERIES === '0' || ONLY_DECISIONS
      ? []
      : [
          await queryBench(sqliteForBench(), 'sqlite', RELEASES, 500, (store, count) =>
            seedSqliteInBulk(store as ReturnType<typeof sqliteForBench>, count),
          ),
        ];
  if (process.env.MONGODB_URI && process.env.BENCH_QUERIES !== '0' && !ONLY_DECISIONS) {
    const { createMongoStore } = await import('../src/store/mongo/index.js');
    const dbName = `golive_bench_q_${process.pid}`;
    // FerretDB answers these by reading every release (seconds per call at a few thousand): fewer
    // calls than on SQLite (BENCH_MONGO_RUNS), and a history of BENCH_MONGO_RELEASES if set.
    queries.push(
      await queryBench(
        createMongoStore({ uri: process.env.MONGODB_URI, dbName }),
        'mongodb',
        Number(process.env.BENCH_MONGO_RELEASES ?? RELEASES),
        Number(process.env.BENCH_MONGO_RUNS ?? 10),
        (store, count) => seedMongoInBulk(store as Parameters<typeof seedMongoInBulk>[0], count),
      ),
    );
    const cleanup = createMongoStore({ uri: process.env.MONGODB_URI, dbName });
    await cleanup.db.dropDatabase();
    await cleanup.close();
  }
  results.queries = queries;
  console.log(JSON.stringify(queries));

  // A decisions-only run is for looking into one figure; it does not replace the full results.
  if (!ONLY_DECISIONS)
    writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);

  // 500 reminders due within a minute among 3,000 jobs, two replicas: only on MongoDB (bench/scheduler.ts; its own JSON).
  if (process.env.MONGODB_URI && process.env.BENCH_SCHEDULER !== '0' && !ONLY_DECISIONS)
    await runSchedulerBench(process.env.MONGODB_URI, results.machine);
}

interface FakeStats {
  calls: number;
  lastCallAt: number;
  byMethod: Record<string, number>;
}

/** What the fake platform has received so far. */
async function fakeStats(fake: Child): Promise<FakeStats> {
  return (await fake.ask({ stats: true }, 'calls')) as unknown as FakeStats;
}

/** Waits until the fake platform has received no call for a second (every message delivered). */
async function platformSettled(fake: Child): Promise<FakeStats> {
  let now = await fakeStats(fake);
  for (let stable = 0; stable < 5; ) {
    await new Promise((r) => setTimeout(r, 200));
    const later = await fakeStats(fake);
    stable = later.calls === now.calls ? stable + 1 : 0;
    now = later;
  }
  return now;
}

/**
 * `count` clicks at 10 clients, each a complete decision; its time runs from the first click to the
 * last platform call the fake received once calls stopped coming (every message delivered). Platform
 * calls per decision are counted at the fake.
 */
async function decisionsPerSecond(
  name: string,
  fake: Child,
  app: Child,
  count: number,
  make: () => ReturnType<typeof click>,
) {
  const settled = () => platformSettled(fake);
  const before = await settled();
  const cpu = async () => Promise.all([app, fake].map(cpuMs));
  const cpuBefore = await cpu();
  const profiling = process.env.BENCH_PROFILE === 'decisions';
  if (profiling) {
    mkdirSync(profiles, { recursive: true });
    await Promise.all([fake, app].map((c) => c.ask({ profile: 'start' }, 'profiling')));
  }
  const startedAt = Date.now();
  const d = await runLoad({
    port: app.port,
    path: SLACK_EVENTS_PATH,
    clients: 10,
    seconds: 120,
    maxRequests: count,
    make,
  });
  const after = await settled();
  const cpuAfter = await cpu();
  const cpuMsPerDecision = (i: number) => ms(((cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0)) / count);
  if (profiling)
    await Promise.all(
      [
        [fake, 'fake'],
        [app, name],
      ].map(([c, n]) =>
        (c as Child).ask(
          { profile: 'stop', file: join(profiles, `decisions-${name}-${n}.cpuprofile`) },
          'profiled',
        ),
      ),
    );
  const seconds = (after.lastCallAt - startedAt) / 1000;
  const callsPerDecision: Record<string, number> = {};
  for (const [method, n] of Object.entries(after.byMethod)) {
    const made = n - (before.byMethod[method] ?? 0);
    if (made > 0) callsPerDecision[method] = ms(made / count);
  }
  return {
    clicks: d.requests,
    errors: d.errors,
    statuses: d.statuses,
    platformCalls: after.calls - before.calls,
    callsPerDecision,
    seconds: ms(seconds),
    perSecond: Math.round(count / seconds),
    // CPU time spent per decision by the app's process and by the fake platform's (the settling
    // waits add a few idle milliseconds of each).
    cpuMsPerDecision: cpuMsPerDecision(0),
    fakeCpuMsPerDecision: cpuMsPerDecision(1),
  };
}

function printTable(r: Record<string, unknown>) {
  console.log(
    '\nack latency (ms)            bare p50/p99     golive p50/p99    p99 ratio   reference click p50/p99 (× bare, golive × it)   CPU ms/request bare · golive · reference',
  );
  type Cell = { p50: number; p99: number; cpuMsPerRequest: number };
  for (const row of r.ackLatency as {
    kind: string;
    clients: number;
    bare: Cell;
    golive: Cell;
    p99Ratio: number;
    reference?: Cell;
    referenceP99Ratio?: number;
    p99RatioToReference?: number;
    goliveMongo?: { p50: number; p99: number };
    p99RatioMongo?: number;
  }[]) {
    const ref = row.reference
      ? `${row.reference.p50}/${row.reference.p99} (${row.referenceP99Ratio}×, ${row.p99RatioToReference}×)`
      : '—';
    const cpu = [row.bare, row.golive, row.reference].map((c) => c?.cpuMsPerRequest ?? '—').join(' · ');
    console.log(
      `${row.kind.padEnd(14)} ${String(row.clients).padStart(3)} clients  ${`${row.bare.p50}/${row.bare.p99}`.padEnd(16)} ${`${row.golive.p50}/${row.golive.p99}`.padEnd(17)} ${`${row.p99Ratio}×`.padEnd(11)} ${ref.padEnd(47)} ${cpu}${row.goliveMongo ? `   mongodb ${row.goliveMongo.p50}/${row.goliveMongo.p99} ${row.p99RatioMongo}×` : ''}`,
    );
  }
  const d = r.decisions as {
    perSecond: number;
    cpuMsPerDecision: number;
    ratio: number;
    bareAcksPerSecondAt10: number;
    ratioToReference: number;
    reference: { perSecond: number; cpuMsPerDecision: number };
    bareCpuMsPerAckAt10: number;
    cpuRatio: number;
    referenceCpuRatio: number;
    referenceRatioToBare: number;
  };
  console.log(
    `decisions/s (10 clients): golive ${d.perSecond}, bare acks ${d.bareAcksPerSecondAt10} → ${d.ratio}× (target ≥ 0.3×); ` +
      `reference Bolt bot making the same calls ${d.reference.perSecond} (${d.referenceRatioToBare}× bare) → golive ${d.ratioToReference}× of it; ` +
      `CPU ms per decision golive ${d.cpuMsPerDecision}, reference ${d.reference.cpuMsPerDecision} (bare: ${d.bareCpuMsPerAckAt10} per ack) ` +
      `→ in CPU time golive ${d.cpuRatio}×, reference ${d.referenceCpuRatio}× bare`,
  );
  console.log('decisions', JSON.stringify(r.decisions));
  console.log('queries', JSON.stringify(r.queries));
  console.log('startup', JSON.stringify(r.startup));
}

await main();
process.exit(0);
