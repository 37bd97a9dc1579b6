import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { runKill9Drill } from './kill9/run.js';

const KILLS = 6;
const dataDir = mkdtempSync(join(tmpdir(), 'golive-kill9-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kill -9 drill on the embedded store', () => {
  it('loses no acknowledged decision, doubles none, keeps every release consistent and still reminds', async () => {
    const { verdict, summary } = await runKill9Drill({
      label: 'sqlite',
      dataDir,
      env: {},
      releases: 40,
      maxKills: KILLS,
      openStore: async () => {
        const store = createSqliteStore({ file: join(dataDir, 'golive.sqlite') });
        await store.init();
        return store;
      },
    });
    expect(verdict.problems).toEqual([]);
    // 40 releases take at least 315 acknowledged decisions; conflicts and retries add more.
    expect(summary.scriptedDecisions).toBeGreaterThanOrEqual(300);
    expect(summary.acknowledgedDecisions).toBeGreaterThanOrEqual(summary.scriptedDecisions);
    // Kills fall at counts of acknowledged steps, not at times: a slow machine gets them all too.
    expect(summary.kills).toBe(KILLS);
  }, 300_000);
});
