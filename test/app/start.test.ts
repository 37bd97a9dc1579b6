import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGolive, startGolive } from '../../adapters/app.js';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';

let running: RunningGolive | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('start-up', () => {
  it('serves /healthz and /readyz on the embedded store with no platform configured (local mode)', async () => {
    const env = readEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'golive-start-')),
    });
    running = await startGolive(env, createLogger({ level: 'silent' }), {});
    expect(running.local).toBe(true);
    const base = `http://127.0.0.1:${running.port}`;
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, store: { ok: true }, links: {} });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('serves Prometheus metrics on /metrics, behind METRICS_TOKEN when one is set', async () => {
    const env = readEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'golive-start-')),
      METRICS_TOKEN: 'scrape-me',
    });
    running = await startGolive(env, createLogger({ level: 'silent' }), {});
    const url = `http://127.0.0.1:${running.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: 'Bearer scrape-me' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE golive_decisions_total counter$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{app="golive"\} /m);
  });

  it('names the variable to fix when the environment is wrong', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('refuses half-configured Slack with the remedy', async () => {
    const env = readEnv({ PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'golive-start-')) });
    await expect(
      startGolive(env, createLogger({ level: 'silent' }), { SLACK_BOT_TOKEN: 'xoxb-1' }),
    ).rejects.toThrow(/SLACK_SIGNING_SECRET/);
  });
});
