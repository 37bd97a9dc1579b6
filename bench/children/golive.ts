/**
 * golive as it runs in production (startGolive: embedded store, or MongoDB when MONGODB_URI is set),
 * with Slack in HTTP mode pointed at the fake Web API at BENCH_SLACK_API_URL, which runs in its own
 * process (bench/children/fake-slack.ts: the platform, not golive). Talks to the bench over IPC:
 *   → { ready, port, startupMs }                       when /readyz would answer
 *   ← { seed: n }      → { seeded: [releaseIds] }       n emergency releases awaiting erin
 *   ← { stats: true }  → { rss }
 *   ← { commands: true } → { commands, sizes }     with BENCH_MONGO_MONITOR (mongo-monitor.ts)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGolive } from '../../adapters/app.js';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { testConfig } from '../../test/support/people.js';
import './cpu-report.js';

if (process.env.BENCH_PROFILE === 'decisions') await import('./phase-profile.js');
const monitor = process.env.BENCH_MONGO_MONITOR ? await import('./mongo-monitor.js') : undefined;

const t0 = Number(process.env.BENCH_T0 ?? Date.now());
const dir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
const configFile = join(dir, 'golive.json');
writeFileSync(configFile, JSON.stringify(testConfig()));
const platformEnv = {
  SLACK_BOT_TOKEN: 'xoxb-bench-golive',
  SLACK_SIGNING_SECRET: process.env.SIGNING_SECRET ?? '',
  SLACK_API_URL: process.env.BENCH_SLACK_API_URL ?? '',
};
const env = readEnv({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: process.env.DATA_DIR ?? join(dir, 'data'),
  GOLIVE_CONFIG: configFile,
  LOG_LEVEL: 'warn',
  // DELIVERY=thread measures the outbox on a thread of its own (the default is the request loop).
  ...(process.env.DELIVERY ? { DELIVERY: process.env.DELIVERY } : {}),
  ...(process.env.MONGODB_URI
    ? { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `bench${process.pid}` }
    : {}),
});
const running = await startGolive(env, createLogger({ level: 'warn' }), platformEnv);
const ready = await fetch(`http://127.0.0.1:${running.port}/readyz`);
process.send?.({
  ready: ready.ok,
  port: running.port,
  startupMs: Date.now() - t0,
});

process.on('message', async (m: { seed?: number; stats?: boolean; commands?: boolean; stop?: boolean }) => {
  if (m.seed) {
    const ids: string[] = [];
    const ctx = { platform: 'slack' as const, userId: 'U_ALICE', channel: 'C_BENCH' };
    for (let i = 0; i < m.seed; i++) {
      const made = await running.core.submit(
        ctx,
        { kind: 'new_release', flowId: 'emergency' },
        {
          title: `Hotfix ${i}`,
          system: 'pay',
          reason_category: 'severe_bug',
          justification: 'bench',
          tester: ['U_BOB'],
          director: 'U_DAVE',
        },
      );
      if (!made.ok) throw new Error(JSON.stringify(made.errors));
      const text = made.reply.kind === 'text' ? made.reply.text : JSON.stringify(made.reply);
      const id = /REL-\d+/.exec(text)?.[0];
      if (id) ids.push(id);
    }
    await running.core.flush();
    process.send?.({ seeded: ids });
  }
  if (m.stats) process.send?.({ rss: process.memoryUsage().rss });
  if (m.commands && monitor)
    process.send?.({
      commands: monitor.takeCommands(),
      sizes: await monitor.collectionSizes(`bench${process.pid}`),
    });
  if (m.stop) {
    await running.stop();
    process.exit(0);
  }
});
