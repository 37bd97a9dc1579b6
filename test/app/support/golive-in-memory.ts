import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningGolive, startGolive } from '../../../adapters/app.js';
import { readEnv } from '../../../src/config/env.js';
import { createLogger } from '../../../src/log.js';
import { testConfigInput } from '../../support/people.js';

/** A log destination that keeps every line, parsed. */
export function memoryLog(): { logLines: Record<string, unknown>[]; memory: Writable } {
  const logLines: Record<string, unknown>[] = [];
  const memory = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  return { logLines, memory };
}

/** golive started in this process, as `npm start` starts it, with its log kept as parsed lines. */
export interface GoliveInMemory {
  running: RunningGolive;
  logLines: Record<string, unknown>[];
  /** Log lines at warn or above, their messages. */
  warnings(): string[];
  /** GET of a path on its listener: status and parsed JSON body (or text). */
  get(path: string): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/**
 * Starts golive on the embedded store in a temp folder with the platform environment given (fake
 * Slack or Feishu URLs), the test cast's config unless `config` names a file, and an in-memory log.
 */
export async function startGoliveInMemory(
  platformEnv: Record<string, string>,
  opts: { config?: string; configInput?: Record<string, unknown>; env?: Record<string, string> } = {},
): Promise<GoliveInMemory> {
  const dir = mkdtempSync(join(tmpdir(), 'golive-mem-'));
  let config = opts.config;
  if (!config) {
    config = join(dir, 'golive.json');
    writeFileSync(config, JSON.stringify(opts.configInput ?? testConfigInput()));
  }
  const { logLines, memory } = memoryLog();
  const env = readEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    GOLIVE_CONFIG: config,
    ...opts.env,
  });
  let running: RunningGolive;
  try {
    running = await startGolive(env, createLogger({ level: 'info', destination: memory }), platformEnv);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const base = `http://127.0.0.1:${running.port}`;
  return {
    running,
    logLines,
    warnings: () => logLines.filter((l) => Number(l.level) >= 40).map((l) => String(l.msg)),
    async get(path) {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(20_000) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: res.status, body };
    },
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
