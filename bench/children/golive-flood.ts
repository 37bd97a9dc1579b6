/**
 * golive as production runs it (startGolive, embedded store) with Slack in HTTP mode and Feishu in
 * webhook mode, both pointed at fakes in processes of their own, for the flood benchmark
 * (bench/flood.ts). Run with --expose-gc. Talks to the bench over IPC:
 *   → { ready, port }
 *   ← { rss: true, gc?: true } → { rss, heapUsed }   after a full collection when asked
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGolive } from '../../adapters/app.js';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { testConfig } from '../../test/support/people.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-flood-'));
const configFile = join(dir, 'golive.json');
writeFileSync(configFile, JSON.stringify(testConfig()));
const platformEnv = {
  SLACK_BOT_TOKEN: 'xoxb-bench-flood',
  SLACK_SIGNING_SECRET: process.env.SIGNING_SECRET ?? '',
  SLACK_API_URL: process.env.BENCH_SLACK_API_URL ?? '',
  FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
  FEISHU_APP_SECRET: 'bench-app-secret',
  FEISHU_MODE: 'webhook',
  FEISHU_ENCRYPT_KEY: process.env.BENCH_FEISHU_ENCRYPT_KEY ?? '',
  FEISHU_VERIFICATION_TOKEN: process.env.BENCH_FEISHU_TOKEN ?? '',
  FEISHU_DOMAIN: process.env.BENCH_FEISHU_URL ?? '',
};
const env = readEnv({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: join(dir, 'data'),
  GOLIVE_CONFIG: configFile,
  LOG_LEVEL: 'error',
});
const running = await startGolive(env, createLogger({ level: 'error' }), platformEnv);
process.send?.({ ready: true, port: running.port });

process.on('message', async (m: { rss?: boolean; gc?: boolean; stop?: boolean }) => {
  if (m.rss) {
    if (m.gc) {
      // Twice: the first pass finalizes what the second frees.
      globalThis.gc?.();
      await new Promise((r) => setTimeout(r, 100));
      globalThis.gc?.();
    }
    const usage = process.memoryUsage();
    process.send?.({ rss: usage.rss, heapUsed: usage.heapUsed });
  }
  if (m.stop) {
    await running.stop();
    process.exit(0);
  }
});
