/**
 * What one approve click costs golive on MongoDB, command by command (`MONGODB_URI=… npx tsx
 * bench/click-commands.ts`; not part of `npm run bench`). Same setup as the bench's MongoDB column: golive
 * in a child process (bench/children/golive.ts) with the fake Slack API in another, 50 emergency releases
 * awaiting erin, signed clicks over loopback HTTP. With the driver's command monitoring on, it prints:
 *  - one approving click and one refused click, every command in order with its duration and the size
 *    of the collection it touched, split at the moment its answer had arrived;
 *  - closed-loop clicks at 1 and 10 clients: each other release approved once, then refused clicks for
 *    BENCH_SECONDS (the bench cycles through its 50 releases, so after its first 50 clicks nearly all
 *    are refused); commands per click by collection (background work included: delivery, timers) and
 *    their mean duration.
 * On FerretDB v1 (SQLite) any command but an insert reads the whole collection it names (an `_id`
 * filter included), so "documents read" is the sum of those collections' sizes.
 */
import { SLACK_EVENTS_PATH } from '../adapters/slack/index.js';
import type { CommandRecord } from './children/mongo-monitor.js';
import { type Child, click, type Msg, seq, start } from './harness.js';
import { runLoad } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set');
const monitored = `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
type Sizes = Record<string, { count: number; avgBytes: number }>;
const quiet = () => new Promise((r) => setTimeout(r, 2_000));
const round = (x: number) => Math.round(x * 10) / 10;

const fake = await start('fake-slack.ts');
const apiUrl = String(fake.first.apiUrl);
const responseUrl = String(fake.first.responseUrl);
const golive = await start('golive.ts', {
  BENCH_SLACK_API_URL: apiUrl,
  MONGODB_URI: monitored,
  BENCH_MONGO_MONITOR: '1',
});
const ids = (await golive.ask({ seed: 50 }, 'seeded')).seeded as string[];
await quiet();
await commands(golive);

const clicks = (clients: number, seconds: number, releases: string[], max?: number) =>
  runLoad({
    port: golive.port,
    path: SLACK_EVENTS_PATH,
    clients,
    seconds,
    ...(max ? { maxRequests: max } : {}),
    make: () => click('U_ERIN', releases[seq % releases.length] as string, responseUrl),
  });

for (const what of ['approving click', 'refused click']) {
  const r = await clicks(1, 10, [ids[0] as string], 1);
  // When the answer had arrived (runLoad opens its connection first, so not its start plus latency).
  const answered = Date.now();
  await quiet();
  const { list, sizes } = await commands(golive);
  console.log(`\n## ${what} (answered after ${round(r.p50)} ms)`);
  for (const c of list) {
    const when = c.at <= answered ? 'before answer' : 'after answer ';
    const size = sizes[c.collection];
    console.log(
      `${when}  ${c.name.padEnd(10)} ${c.collection.padEnd(16)} ${String(round(c.ms)).padStart(7)} ms  ${size ? `${size.count} docs × ${size.avgBytes} B` : ''}`,
    );
  }
}

// Each of the other 49 releases approved once (as the bench's first clicks do), then refused clicks
// only (the rest of the bench: erin's approve is stale once her gate has passed).
const phases: [string, number, string[], number | undefined][] = [
  ['approving clicks', 1, ids.slice(1, 25), 24],
  ['approving clicks', 10, ids.slice(25), 25],
  ['refused clicks', 1, ids, undefined],
  ['refused clicks', 10, ids, undefined],
];
for (const [what, clients, releases, max] of phases) {
  await commands(golive);
  const r = await clicks(clients, max ? 60 : SECONDS, releases, max);
  await quiet();
  const { list, sizes } = await commands(golive);
  console.log(
    `\n## ${what}, ${clients} client(s): ${r.requests} clicks, p50 ${round(r.p50)} ms, p99 ${round(r.p99)} ms`,
  );
  const by = new Map<string, number[]>();
  for (const c of list) {
    const key = `${c.name} ${c.collection}`;
    by.set(key, [...(by.get(key) ?? []), c.ms]);
  }
  let read = 0;
  let writes = 0;
  for (const [key, times] of [...by].sort((a, b) => b[1].length - a[1].length)) {
    const collection = key.split(' ')[1] ?? '';
    const size = sizes[collection]?.count ?? 0;
    if (!key.startsWith('insert')) read += times.length * size;
    if (/^(insert|update|delete|findAndModify) /.test(key)) writes += times.length;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(
      `${key.padEnd(28)} ${String(round(times.length / r.requests)).padStart(5)} per click  mean ${String(round(mean)).padStart(7)} ms  ${size} docs`,
    );
  }
  console.log(
    `per click: ${round(list.length / r.requests)} commands, ${round(writes / r.requests)} writes, ${round(read / r.requests)} documents read by non-insert commands`,
  );
}

// Stopped before the platform goes away; a child still sending after a few seconds is killed.
golive.proc.send({ stop: true });
await Promise.race([
  new Promise((r) => golive.proc.once('exit', r)),
  new Promise((r) => setTimeout(r, 5_000)),
]);
golive.proc.kill();
fake.proc.kill();

async function commands(child: Child): Promise<{ list: CommandRecord[]; sizes: Sizes }> {
  const m: Msg = await child.ask({ commands: true }, 'commands');
  return { list: m.commands as CommandRecord[], sizes: m.sizes as Sizes };
}
