import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, '.cache/bin/ferretdb-v1.24.2-idindex');

/**
 * A FerretDB server a test owns, to take down and bring back (an outage). It keeps its data folder and
 * port across restarts, as a real server coming back would. Built by scripts/ferretdb.sh if needed.
 */
export async function ownFerretDb() {
  execFileSync('bash', [join(ROOT, 'scripts/ferretdb.sh'), 'build'], { stdio: 'inherit' });
  const data = mkdtempSync(join(tmpdir(), 'golive-ferretdb-own-'));
  const port = await freePort();
  const uri = `mongodb://127.0.0.1:${port}/`;
  let child: ChildProcess | undefined;

  const server = {
    uri,
    async start(): Promise<void> {
      child = spawn(
        BIN,
        [
          '--handler=sqlite',
          `--sqlite-url=file:${data}/`,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          `--state-dir=${data}`,
          '--log-level=error',
        ],
        { stdio: 'ignore' },
      );
      for (let i = 0; i < 100; i += 1) {
        if (await answers(uri)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`FerretDB on ${uri} did not answer within 10 s`);
    },
    async stop(): Promise<void> {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await exited;
    },
    /**
     * Freezes the server (SIGSTOP): it keeps its port and its clients' connections open and answers
     * nothing, as a hung database does — no error reaches the client, only silence.
     */
    freeze(): void {
      if (!child?.pid) throw new Error('FerretDB is not running');
      process.kill(child.pid, 'SIGSTOP');
    },
    /** Kills the server outright (SIGKILL; a frozen one too, without answering what it was sent meanwhile). */
    async kill(): Promise<void> {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGKILL');
      await exited;
    },
    thaw(): void {
      if (!child?.pid) throw new Error('FerretDB is not running');
      process.kill(child.pid, 'SIGCONT');
    },
    async dispose(): Promise<void> {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
  return server;
}

async function answers(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
