/**
 * `npx tsx bench/clicks.ts`: signed approve clicks only, as the ack-latency benchmark sends them (erin
 * clicking the first stage's approve on one of 50 emergency releases in turn: the first click per
 * release decides it, every later one is refused as already decided), at golive, the bare Bolt app and
 * the reference click bot side by side — to look into what one click costs. Prints CPU ms per click
 * and latency per app, and the platform calls golive made per click. No results file.
 * BENCH_SECONDS (3) per run, CLICK_CLIENTS (10), CLICK_ROUNDS (1: runs of each app, interleaved),
 * CLICK_PROFILE=1: CPU profiles of golive's and the reference's main threads during their first
 * measured runs, written to bench/results/profiles/clicks-{golive,reference}.cpuprofile. CLICK_BEFORE=<another checkout>: golive from that
 * checkout (its bench/children/golive.ts) runs beside, as `before`, for a change's before/after figures.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SLACK_EVENTS_PATH } from '../adapters/slack/index.js';
import { type Child, click, cpuMs, figures, ms, profiles, seq, start } from './harness.js';
import { runLoad } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CLIENTS = Number(process.env.CLICK_CLIENTS ?? 10);
const ROUNDS = Number(process.env.CLICK_ROUNDS ?? 1);
const PROFILE = process.env.CLICK_PROFILE === '1';

const fake = await start('fake-slack.ts');
const apiUrl = { BENCH_SLACK_API_URL: String(fake.first.apiUrl) };
const responseUrl = String(fake.first.responseUrl);
const golive = await start('golive.ts', {
  ...apiUrl,
  MONGODB_URI: '',
  ...(PROFILE ? { BENCH_PROFILE: 'decisions' } : {}),
});
const bare = await start('bare-bolt.ts');
const reference = await start('bolt-click-reference.ts', {
  ...apiUrl,
  ...(PROFILE ? { BENCH_PROFILE: 'decisions' } : {}),
});
const before = process.env.CLICK_BEFORE
  ? await start(join(process.env.CLICK_BEFORE, 'bench/children/golive.ts'), { ...apiUrl, MONGODB_URI: '' })
  : undefined;
const clicks = async (app: Child) => {
  const releases = (await app.ask({ seed: 50 }, 'seeded')).seeded as string[];
  return () => click('U_ERIN', releases[seq % releases.length] as string, responseUrl);
};
const make = await clicks(golive);
const makeBefore = before ? await clicks(before) : make;
const stats = async () =>
  (await fake.ask({ stats: true }, 'calls')) as unknown as { byMethod: Record<string, number> };

const apps: [string, Child, typeof make][] = [
  ['bare', bare, make],
  ['reference', reference, make],
  ...(before ? [['before', before, makeBefore] as [string, Child, typeof make]] : []),
  ['golive', golive, make],
];
for (const [, child, make] of apps)
  await runLoad({ port: child.port, path: SLACK_EVENTS_PATH, clients: CLIENTS, seconds: 1, make });
if (PROFILE) mkdirSync(profiles, { recursive: true });
// What each app spends with no request at all (timers, background work), per second: at a few hundred
// clicks per second it is part of every cpuMsPerRequest.
for (const [name, child] of apps) {
  const cpu0 = await cpuMs(child);
  await new Promise((r) => setTimeout(r, 2000));
  console.log(JSON.stringify({ app: name, idleCpuMsPerSecond: ms(((await cpuMs(child)) - cpu0) / 2) }));
}
for (let round = 0; round < ROUNDS; round++)
  for (const [name, child, make] of apps) {
    const profiling = PROFILE && (child === golive || child === reference) && round === 0;
    const file = join(profiles, `clicks-${name}.cpuprofile`);
    if (profiling) await child.ask({ profile: 'start' }, 'profiling');
    const before = await stats();
    const cpuBefore = await cpuMs(child);
    const r = await runLoad({
      port: child.port,
      path: SLACK_EVENTS_PATH,
      clients: CLIENTS,
      seconds: SECONDS,
      make,
    });
    const cpu = ms(((await cpuMs(child)) - cpuBefore) / Math.max(1, r.requests));
    const after = await stats();
    if (profiling) await child.ask({ profile: 'stop', file }, 'profiled');
    const calls = Object.entries(after.byMethod)
      .map(([m, n]) => [m, ms((n - (before.byMethod[m] ?? 0)) / Math.max(1, r.requests))] as const)
      .filter(([, n]) => n > 0);
    console.log(
      JSON.stringify({
        app: name,
        clients: CLIENTS,
        ...figures(r, cpu),
        platformCallsPerClick: Object.fromEntries(calls),
      }),
    );
  }
if (PROFILE) console.log(`profiles of the first runs: ${profiles}/clicks-{golive,reference}.cpuprofile`);
const goliveApps = before ? [golive, before] : [golive];
const exited = Promise.all(goliveApps.map((c) => new Promise((r) => c.proc.once('exit', r))));
for (const c of goliveApps) c.proc.send({ stop: true });
for (const c of [bare, reference, fake]) c.proc.kill();
await exited;
process.exit(0);
