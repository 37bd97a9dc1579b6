import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { testDatabases } from '../support/mongo.js';
import { runKill9Drill } from './kill9/run.js';

const KILLS = 4;
const dbs = testDatabases('kill9');
const dataDir = mkdtempSync(join(tmpdir(), 'golive-kill9-mongo-'));
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dbs.dropAll();
});

describe('kill -9 drill on MongoDB', () => {
  it('loses no acknowledged decision, doubles none, keeps every release consistent and still reminds', async () => {
    const dbName = dbs.fresh();
    const { verdict, summary } = await runKill9Drill({
      label: 'mongo',
      dataDir,
      env: { MONGODB_URI: dbs.uri, MONGODB_DB: dbName },
      releases: 40,
      maxKills: KILLS,
      openStore: async () => createMongoStore({ uri: dbs.uri, dbName }),
    });
    expect(verdict.problems).toEqual([]);
    // 40 releases take at least 315 acknowledged decisions; conflicts and retries add more.
    expect(summary.scriptedDecisions).toBeGreaterThanOrEqual(300);
    expect(summary.acknowledgedDecisions).toBeGreaterThanOrEqual(summary.scriptedDecisions);
    // Kills fall at counts of acknowledged steps, not at times: a slow machine gets them all too.
    expect(summary.kills).toBe(KILLS);
  }, 480_000);
});
