/**
 * golive as it runs in production (startGolive: embedded store, or MongoDB when MONGODB_URI is set),
 * with Slack in HTTP mode pointed at the fake Web API, which runs in this same process (so its cost
 * counts against golive, never against the baseline). Talks to the bench over IPC:
 *   → { ready, port, startupMs }                       when /readyz would answer
 *   ← { seed: n }      → { seeded: [releaseIds] }       n emergency releases awaiting erin
 *   ← { stats: true }  → { calls, lastCallAt, rss }     Web API calls received so far
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGolive } from '../../adapters/app.js';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { FakeSlackApi } from '../../test/fakes/slack-api.js';
import { testConfig } from '../../test/support/people.js';

const t0 = Number(process.env.BENCH_T0 ?? Date.now());
const fake = new FakeSlackApi();
await fake.start();
let lastCallAt = 0;
const push = fake.calls.push.bind(fake.calls);
fake.calls.push = (...items) => {
  lastCallAt = Date.now();
  // The bench only needs counts; keeping every call would grow memory through a long run.
  if (fake.calls.length > 5000) fake.calls.splice(0, 4000);
  return push(...items);
};
let calls = 0;
const byMethod: Record<string, number> = {};
const countingPush = fake.calls.push;
fake.calls.push = (...items) => {
  calls += items.length;
  for (const c of items) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  return countingPush(...items);
};

const dir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
const configFile = join(dir, 'golive.json');
writeFileSync(configFile, JSON.stringify(testConfig()));
const platformEnv = {
  SLACK_BOT_TOKEN: 'xoxb-bench-golive',
  SLACK_SIGNING_SECRET: process.env.SIGNING_SECRET ?? '',
  SLACK_API_URL: fake.apiUrl,
};
const env = readEnv({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: process.env.DATA_DIR ?? join(dir, 'data'),
  GOLIVE_CONFIG: configFile,
  LOG_LEVEL: 'warn',
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
  responseUrl: fake.responseUrl('bench'),
});

process.on('message', async (m: { seed?: number; stats?: boolean; stop?: boolean }) => {
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
  if (m.stats) process.send?.({ calls, byMethod, lastCallAt, rss: process.memoryUsage().rss });
  if (m.stop) {
    await running.stop();
    await fake.stop();
    process.exit(0);
  }
});
