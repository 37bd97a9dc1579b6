/**
 * The scheduler benchmark at a large company's size (issue 17): `releases` open releases with three
 * timer jobs each (3,000 jobs for 1,000 releases), `reminders` of them (500) due within
 * `windowSeconds` (60), the rest later; two replicas (two processes, each Agenda on
 * `@agendajs/mongo-backend` through createMongoAgendaBackend, as in production) share one database,
 * both polling every SCHEDULER_POLL_MS and firing. Measures lateness (first run − due time) against the
 * target p99 ≤ poll interval + 2 s, and counts reminders never run (lost) and run more than once. A
 * second run is refused by the core as stale (test/service/timer-twice.test.ts), so "twice" here is
 * Agenda's lock not holding — expected now and then on FerretDB, whose findOneAndUpdate is not
 * single-winner, and 0 on MongoDB.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

const here = import.meta.dirname;
/** Timer jobs per open release (a reminder, an escalation, a timeout). */
const JOBS_PER_RELEASE = 3;
const KINDS = ['remind', 'escalate', 'timeout'] as const;

export interface SchedulerFigures {
  reminders: number;
  windowSeconds: number;
  replicas: number;
  processEveryMs: number;
  /** Open releases, and all their timer jobs (the due reminders included). */
  releases: number;
  jobs: number;
  /** Jobs due tomorrow or later, present in the collection the whole time. */
  futureJobs: number;
  /** The target: p99 lateness at most the poll interval + 2 s. */
  targetP99Ms: number;
  /** How long the bulk insert of the due reminders took. */
  insertSeconds: number;
  lateMs: { p50: number; p90: number; p99: number; max: number };
  firedOnce: number;
  firedTwiceOrMore: number;
  neverFired: number;
  /** Handler calls per replica: both share the work. */
  byReplica: number[];
}

type Msg = Record<string, unknown>;

function replica(uri: string, db: string, index: number, pollMs: number) {
  const proc: ChildProcess = fork(join(here, 'children', 'scheduler-replica.ts'), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      MONGODB_URI: uri,
      BENCH_DB: db,
      BENCH_REPLICA: `replica-${index}`,
      SCHEDULER_POLL_MS: String(pollMs),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const fired: [string, string, number][] = [];
  proc.on('message', (m: { fired?: [string, string, number][] }) => {
    if (m.fired) fired.push(...m.fired);
  });
  const ask = (m: Msg | undefined, key: string) =>
    new Promise<Msg>((resolve, reject) => {
      const on = (r: Msg) => {
        if (!(key in r)) return;
        proc.off('message', on);
        proc.off('exit', gone);
        resolve(r);
      };
      const gone = (code: number) => reject(new Error(`scheduler replica ${index} exited with ${code}`));
      proc.on('message', on);
      proc.once('exit', gone);
      if (m) proc.send(m);
    });
  return { proc, fired, ask, ready: ask(undefined, 'ready') };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export async function schedulerBench(opts: {
  uri: string;
  releases: number;
  reminders: number;
  windowSeconds: number;
  pollMs: number;
}): Promise<SchedulerFigures> {
  const db = `golive_bench_sched_${process.pid}`;
  const replicas = [0, 1].map((i) => replica(opts.uri, db, i, opts.pollMs));
  try {
    await Promise.all(replicas.map((r) => r.ready));
    await Promise.all(replicas.map((r) => r.ask({ start: true }, 'started')));

    // Creating 3,000 jobs through sync would measure sync on FerretDB (each one queries the collection),
    // not firing. So one reminder goes through sync, the real path, and the rest are copies of the
    // document it saved, inserted in bulk with their own release, timer, kind, due time and _id.
    const client = new MongoClient(opts.uri);
    const jobs = client.db(db).collection('agendaJobs');
    const day = Date.now() + 86_400_000;
    await replicas[0]?.ask({ sync: [['TEMPLATE', new Date(day).toISOString()]] }, 'synced');
    const template = await jobs.findOne({ 'data.releaseId': 'TEMPLATE' });
    if (!template) throw new Error('the template reminder was not saved');
    await jobs.deleteOne({ _id: template._id });
    const copy = (releaseId: string, k: number, at: number) => {
      const { _id, ...doc } = template;
      const dueAt = new Date(at);
      const name = KINDS[k % KINDS.length] ?? 'remind';
      const timerId = `1:${name}`;
      return { ...doc, name, data: { releaseId, timerId, dueAt: dueAt.toISOString() }, nextRunAt: dueAt };
    };
    // The later jobs: every release's timers but the due reminders (timers of other releases, present
    // in production too). They also say how long the due ones take to insert; those get that lead, and more.
    let t0 = performance.now();
    const future: ReturnType<typeof copy>[] = [];
    for (let r = 1; r <= opts.releases; r++)
      for (let k = 0; k < JOBS_PER_RELEASE; k++)
        if (!(k === 0 && r <= opts.reminders)) future.push(copy(`REL-${r}`, k, day + r * 1000 + k));
    for (let i = 0; i < future.length; i += 1000) await jobs.insertMany(future.slice(i, i + 1000));
    const leadMs =
      Math.ceil(((performance.now() - t0) * opts.reminders) / Math.max(1, future.length)) * 2 + 5_000;

    const first = Date.now() + leadMs;
    const step = (opts.windowSeconds * 1000) / opts.reminders;
    const due = new Map<string, number>();
    for (let i = 0; i < opts.reminders; i++) due.set(`REL-${i + 1}`, Math.round(first + i * step));
    console.log(
      `scheduler: ${opts.reminders} reminders due from +${(leadMs / 1000).toFixed(0)} s over ${opts.windowSeconds} s`,
    );
    t0 = performance.now();
    const all = [...due];
    for (let i = 0; i < all.length; i += 1000)
      await jobs.insertMany(all.slice(i, i + 1000).map(([id, at]) => copy(id, 0, at)));
    const insertSeconds = (performance.now() - t0) / 1000;
    await client.close();
    if (Date.now() > first) console.log('scheduler: inserting the reminders outlasted their lead');

    // Wait until every reminder fired (or long after the last was due), then a few more polls so a
    // second firing anywhere would be seen.
    const last = first + opts.windowSeconds * 1000;
    const count = () => new Set(replicas.flatMap((r) => r.fired.map(([id]) => id))).size;
    for (let tick = 0; count() < opts.reminders && Date.now() < last + 120_000; tick++) {
      await new Promise((r) => setTimeout(r, 500));
      if (tick % 20 === 0)
        console.log(
          `scheduler: ${count()} fired, ${Math.round((Date.now() - first) / 1000)} s after the first was due`,
        );
    }
    await new Promise((r) => setTimeout(r, 3 * opts.pollMs + 2_000));
    await Promise.all(replicas.map((r) => r.ask({ stop: true }, 'stopped')));

    const times = new Map<string, number[]>();
    for (const r of replicas)
      for (const [releaseId, , at] of r.fired) times.set(releaseId, [...(times.get(releaseId) ?? []), at]);
    const late = [...due]
      .filter(([id]) => times.has(id))
      .map(([id, at]) => Math.min(...(times.get(id) ?? [])) - at)
      .sort((a, b) => a - b);
    const counts = [...due.keys()].map((id) => times.get(id)?.length ?? 0);
    return {
      reminders: opts.reminders,
      windowSeconds: opts.windowSeconds,
      replicas: replicas.length,
      processEveryMs: opts.pollMs,
      releases: opts.releases,
      jobs: future.length + opts.reminders,
      futureJobs: future.length,
      targetP99Ms: opts.pollMs + 2_000,
      insertSeconds: Math.round(insertSeconds * 10) / 10,
      lateMs: {
        p50: quantile(late, 0.5),
        p90: quantile(late, 0.9),
        p99: quantile(late, 0.99),
        max: late[late.length - 1] ?? Number.NaN,
      },
      firedOnce: counts.filter((c) => c === 1).length,
      firedTwiceOrMore: counts.filter((c) => c > 1).length,
      neverFired: counts.filter((c) => c === 0).length,
      byReplica: replicas.map((r) => r.fired.length),
    };
  } finally {
    for (const r of replicas) if (r.proc.exitCode === null) r.proc.kill();
    const client = new MongoClient(opts.uri);
    await client
      .db(db)
      .dropDatabase()
      .finally(() => client.close());
  }
}

/**
 * The scheduler benchmark with its knobs, printed and written to bench/results/scheduler.json:
 * BENCH_RELEASES (1000), BENCH_REMINDERS (500), BENCH_REMINDER_WINDOW_S (60), SCHEDULER_POLL_MS
 * (production's 5000).
 */
export async function runSchedulerBench(uri: string, machine: unknown): Promise<SchedulerFigures> {
  const figures = await schedulerBench({
    uri,
    releases: Number(process.env.BENCH_RELEASES ?? 1_000),
    reminders: Number(process.env.BENCH_REMINDERS ?? 500),
    windowSeconds: Number(process.env.BENCH_REMINDER_WINDOW_S ?? 60),
    pollMs: Number(process.env.SCHEDULER_POLL_MS ?? 5_000),
  });
  console.log('scheduler', JSON.stringify(figures));
  writeFileSync(
    join(here, 'results', 'scheduler.json'),
    `${JSON.stringify({ when: new Date().toISOString(), machine, ...figures }, null, 2)}\n`,
  );
  return figures;
}
