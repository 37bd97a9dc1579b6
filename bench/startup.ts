/**
 * Start-up and idle memory of the real entry point, as an operator starts it: a fresh process of
 * `node dist/adapters/main.js` (the compiled build, as the Docker image runs it) and, for comparison,
 * `node --import tsx adapters/main.ts` (what `npm start` runs), in Slack HTTP mode on the embedded
 * store. Time is from spawning the process to the first 200 from /readyz; RSS is read from /proc
 * after two idle seconds. The fake Slack API (auth.test at start) runs in the bench's own process.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { testConfig } from '../test/support/people.js';

const root = join(import.meta.dirname, '..');

export interface StartupFigures {
  /** ms from spawn to /readyz 200, one per start. */
  readyMs: number[];
  readyMsMedian: number;
  /** CPU time (user + system) the process had used when /readyz first answered 200, one per start. */
  cpuMsToReady: number[];
  /** Less sensitive than wall time to other work on a busy machine. */
  cpuMsToReadyMedian: number;
  idleRssMB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export function rssMB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** CPU time a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The production build, compiled now so a stale dist/ is never measured. */
export function build(): void {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

async function untilReady(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`golive exited with ${child.exitCode} before /readyz`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts `args` `runs` times (one at a time) and measures each start; RSS from the last one. */
export async function measureStartup(args: string[], runs: number): Promise<StartupFigures> {
  const fake = new FakeSlackApi();
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'golive-bench-startup-'));
  const configFile = join(dir, 'golive.json');
  writeFileSync(configFile, JSON.stringify(testConfig()));
  const readyMs: number[] = [];
  const cpuMsToReady: number[] = [];
  let idleRssMB = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const child = spawn(process.execPath, args, {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: join(dir, `data${i}`),
          GOLIVE_CONFIG: configFile,
          LOG_LEVEL: 'warn',
          SLACK_BOT_TOKEN: 'xoxb-bench-startup',
          SLACK_SIGNING_SECRET: 'bench-startup-secret',
          SLACK_API_URL: fake.apiUrl,
          GOLIVE_ENV_FILE: 'off',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      try {
        await untilReady(port, child);
        readyMs.push(Math.round(performance.now() - t0));
        cpuMsToReady.push(cpuMs(child.pid));
        if (i === runs - 1) {
          await new Promise((r) => setTimeout(r, 2000));
          idleRssMB = rssMB(child.pid);
        }
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
      }
    }
  } finally {
    await fake.stop();
  }
  return {
    readyMs,
    readyMsMedian: median(readyMs),
    cpuMsToReady,
    cpuMsToReadyMedian: median(cpuMsToReady),
    idleRssMB,
  };
}
