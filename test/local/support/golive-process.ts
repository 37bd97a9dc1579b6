import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = resolve(ROOT, 'test/local/fixtures');

export interface GoliveProcessOptions {
  /** DATA_DIR of the embedded store; unused (and may be left out) with MONGODB_URI in `env`. */
  dataDir?: string;
  /** GOLIVE_CONFIG; absent as on a fresh clone. */
  config?: string;
  flowsDir?: string;
  /** More environment (LOG_LEVEL when a test needs to see why). */
  env?: Record<string, string>;
  /** Node arguments that start golive; `npm start`'s by default. */
  entry?: string[];
  /** The working directory (where `.env` and `./flows` are looked for); the project folder by default. */
  cwd?: string;
  /** Run as this user (the test runs as root): the Docker image's unprivileged user. */
  user?: { uid: number; gid: number };
}

/**
 * More environment for every process, from its data folder: the MongoDB runs of the local sessions
 * (test/scenarios/mongo-scenarios-local.test.ts) put each data folder's releases in a database of its own,
 * so processes started on the same folder (a restart) find the same releases.
 */
let storeEnv: (dataDir: string) => Record<string, string> = () => ({});
export function useProcessStore(env: (dataDir: string) => Record<string, string>): void {
  storeEnv = env;
}

/** `npm start` as a newcomer runs it, with stdin piped: what it prints, and how to talk to it. */
export interface GoliveProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  type(lines: string): void;
  /** Resolves with the output from `from` on once it contains `text`; rejects with the transcript otherwise. */
  waitFor(text: string, from?: number, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const NPM_START = ['--import', 'tsx', 'adapters/main.ts'];

/**
 * Spawns `node --import tsx adapters/main.ts` — what `npm start` runs — on a data folder of the test.
 * The environment is built from scratch so no platform credential of the machine leaks in, and the
 * HTTP listener stays on loopback with a free port.
 */
export function startGoliveProcess(opts: GoliveProcessOptions): GoliveProcess {
  const child = spawn(process.execPath, opts.entry ?? NPM_START, {
    cwd: opts.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
      ...(opts.config ? { GOLIVE_CONFIG: opts.config } : {}),
      ...(opts.flowsDir ? { FLOWS_DIR: opts.flowsDir } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_POLL_MS: '100',
      // A developer's own .env (their real Slack tokens) must never reach a test's golive.
      GOLIVE_ENV_FILE: 'off',
      ...(opts.dataDir ? storeEnv(opts.dataDir) : {}),
      ...opts.env,
    },
    stdio: 'pipe',
    ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (const l of listeners) l();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    type: (lines) => void child.stdin.write(lines.endsWith('\n') ? lines : `${lines}\n`),
    exited,
    waitFor(text, from = 0, timeoutMs = 45_000) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`golive never printed "${text}"; stderr:\n${err}\nstdout:\n${out.slice(from)}`));
        }, timeoutMs);
        const check = () => {
          if (out.indexOf(text, from) < 0) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolvePromise(out.slice(from));
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/**
 * The port a golive with a platform configured listens on (PORT 0 picks a free one), read from its
 * "golive started" log line; needs LOG_LEVEL info or lower, which is the default.
 */
export async function listeningPort(p: GoliveProcess, timeoutMs = 45_000): Promise<number> {
  const exited = p.exited.then(({ code, signal }) => {
    throw new Error(`golive exited (${code ?? signal}) before listening; stderr:\n${p.stderr()}`);
  });
  await Promise.race([p.waitFor('"msg":"golive started"', 0, timeoutMs), exited]);
  const line = p
    .stdout()
    .split('\n')
    .find((l) => l.includes('"msg":"golive started"'));
  const port = (JSON.parse(line ?? '{}') as { port?: unknown }).port;
  if (typeof port !== 'number') throw new Error(`no port in golive's start-up line: ${line}`);
  return port;
}

/** Runs a whole script through stdin and resolves with the transcript once the process has ended. */
export async function runScript(
  script: string,
  opts: GoliveProcessOptions,
  timeoutMs = 90_000,
): Promise<{ transcript: string; stderr: string; code: number | null }> {
  const p = startGoliveProcess(opts);
  p.child.stdin.end(script);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const { code } = await p.exited;
  clearTimeout(timer);
  return { transcript: p.stdout(), stderr: p.stderr(), code };
}

/** The cards of a transcript: heading line (after `┌─ `) and the lines inside. */
export function cardsOf(transcript: string): { heading: string; text: string }[] {
  const cards: { heading: string; text: string }[] = [];
  for (const block of transcript.split('┌─ ').slice(1)) {
    const [heading = '', ...rest] = block.split('\n└─')[0]?.split('\n') ?? [];
    cards.push({ heading, text: rest.map((l) => l.replace(/^│ ?/, '')).join('\n') });
  }
  return cards;
}
