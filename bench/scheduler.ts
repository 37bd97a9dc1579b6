/**
 * The scheduler benchmark: `reminders` reminders due within `windowSeconds`, two replicas (two
 * processes, each Agenda on our MongoDB backend) sharing one database, both polling and firing as in
 * production. Measures lateness
 * (handler called − due time) and proves each reminder fired exactly once across both replicas.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

const here = import.meta.dirname;
const FUTURE = 1_000;

export interface SchedulerFigures {
  reminders: number;
  windowSeconds: number;
  replicas: number;
  processEveryMs: number;
  /** Reminders due tomorrow, present in the collection the whole time. */
  futureJobs: number;
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
  reminders: number;
  windowSeconds: number;
  pollMs: number;
}): Promise<SchedulerFigures> {
  const db = `golive_bench_sched_${process.pid}`;
  const replicas = [0, 1].map((i) => replica(opts.uri, db, i, opts.pollMs));
  try {
    await Promise.all(replicas.map((r) => r.ready));
    await Promise.all(replicas.map((r) => r.ask({ start: true }, 'started')));

    // Creating 10,000 jobs through sync would measure sync on FerretDB (each one queries the whole
    // collection), not firing. So one reminder goes through sync, the real path, and the rest are copies
    // of the document it saved, inserted in bulk with their own release, due time and _id.
    const client = new MongoClient(opts.uri);
    const jobs = client.db(db).collection('agendaJobs');
    const day = Date.now() + 86_400_000;
    await replicas[0]?.ask({ sync: [['TEMPLATE', new Date(day).toISOString()]] }, 'synced');
    const template = await jobs.findOne({ 'data.releaseId': 'TEMPLATE' });
    if (!template) throw new Error('the template reminder was not saved');
    const copy = (releaseId: string, at: number) => {
      const { _id, ...doc } = template;
      const dueAt = new Date(at);
      return { ...doc, data: { ...template.data, releaseId, dueAt: dueAt.toISOString() }, nextRunAt: dueAt };
    };
    // Calibrate: 1,000 reminders due tomorrow (future timers of other releases, present in production
    // too) say how long the real ones take to insert; they get that lead, and more.
    let t0 = performance.now();
    const future = Array.from({ length: FUTURE }, (_, i) => copy(`FUT-${i}`, day + i));
    await jobs.insertMany(future);
    const leadMs = Math.ceil(((performance.now() - t0) * opts.reminders) / FUTURE) * 2 + 5_000;

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
      await jobs.insertMany(all.slice(i, i + 1000).map(([id, at]) => copy(id, at)));
    const insertSeconds = (performance.now() - t0) / 1000;
    await client.close();
    if (Date.now() > first) console.log('scheduler: inserting the reminders outlasted their lead');

    // Wait until every reminder fired (or long after the last was due), then a few more polls so a
    // second firing anywhere would be seen.
    const last = first + opts.windowSeconds * 1000;
    const count = () => replicas.reduce((n, r) => n + r.fired.length, 0);
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
      futureJobs: FUTURE + 1,
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
 * BENCH_REMINDERS (10000), BENCH_REMINDER_WINDOW_S (60), SCHEDULER_POLL_MS (production's 5000).
 */
export async function runSchedulerBench(uri: string, machine: unknown): Promise<SchedulerFigures> {
  const figures = await schedulerBench({
    uri,
    reminders: Number(process.env.BENCH_REMINDERS ?? 10_000),
    windowSeconds: Number(process.env.BENCH_REMINDER_WINDOW_S ?? 60),
    pollMs: Number(process.env.SCHEDULER_POLL_MS ?? 5_000),
  });
  console.log('scheduler', JSON.stringify(figures));
  writeFileSync(
    join(here, 'results', 'scheduler.json'),
    `${JSON.stringify({ when: new Date().toISOString(), machine, targetP99Ms: 2_000, ...figures }, null, 2)}\n`,
  );
  return figures;
}
