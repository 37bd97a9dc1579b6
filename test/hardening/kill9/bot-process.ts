import { join, resolve } from 'node:path';
import { FIXTURES, type GoliveProcess, startGoliveProcess } from '../../local/support/golive-process.js';
import { freePort } from '../../support/free-port.js';

export { freePort };

export const SIGNING_SECRET = 'kill9-signing-secret-0123456789abcdef';
const FLOWS = resolve(import.meta.dirname, 'flows');

/**
 * golive as production runs it (`adapters/main.ts`, Slack in HTTP mode, Web API at the test's fake
 * Slack), started, SIGKILLed and started again on the same data and port.
 */
export class BotProcess {
  private current?: GoliveProcess;
  kills = 0;
  starts = 0;
  /** Milliseconds from spawn to /readyz answering, per completed start. */
  readonly startMs: number[] = [];

  constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns golive; `waitReady` then waits for /readyz. */
  spawn(): GoliveProcess {
    this.starts++;
    this.current = startGoliveProcess({
      dataDir: this.dataDir,
      config: join(FIXTURES, 'team.yaml'),
      flowsDir: FLOWS,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-kill9-bot-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        PORT: String(this.port),
        LOG_LEVEL: process.env.KILL9_LOG_LEVEL ?? 'error',
        // A message caught mid-send by a kill holds its release's later messages back for one lease.
        OUTBOX_LEASE_MS: '2000',
        ...this.env,
      },
    });
    return this.current;
  }

  async start(): Promise<void> {
    const at = Date.now();
    this.spawn();
    await this.waitReady();
    this.startMs.push(Date.now() - at);
  }

  /** Polls /readyz until golive answers 200; fails with its output if it exits or never gets there. */
  async waitReady(timeoutMs = 45_000): Promise<void> {
    const proc = this.current;
    if (!proc) throw new Error('not started');
    let exited = false;
    void proc.exited.then(() => {
      exited = true;
    });
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (exited) throw new Error(`golive exited while starting:\n${proc.stderr()}\n${proc.stdout()}`);
      const ok = await fetch(`${this.url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`golive not ready in ${timeoutMs} ms:\n${proc.stderr()}\n${proc.stdout()}`);
  }

  async kill(): Promise<void> {
    const proc = this.current;
    if (!proc) return;
    proc.child.kill('SIGKILL');
    await proc.exited;
    this.kills++;
    this.current = undefined;
  }

  /** A graceful stop (SIGTERM), as at the end of the drill before the store is read. */
  async stop(): Promise<string> {
    const proc = this.current;
    if (!proc) return '';
    proc.child.kill('SIGTERM');
    await proc.exited;
    this.current = undefined;
    return proc.stderr() + proc.stdout();
  }

  /** What the running process logged (errors, with the default level). */
  output(): string {
    return this.current ? this.current.stderr() + this.current.stdout() : '';
  }
}
