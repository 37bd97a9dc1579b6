import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { creation, makeRelease, step } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite store: WAL checkpoints', () => {
  it('copies committed pages into the database file in the background, not inside a commit', async () => {
    const file = join(dir, 'golive.sqlite');
    const store = createSqliteStore({ file });
    await store.init();
    try {
      // Far below the connection's own automatic threshold: only the background checkpoint moves them.
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThanOrEqual(10_000);
      const before = statSync(file).size;
      for (let n = 1; n <= 20; n++) {
        let release = makeRelease(n);
        await store.create(creation(release));
        for (let i = 0; i < 5; i++) {
          const t = step(release, { stage: `s${i}` }, `req-${n}-${i}`);
          expect(await store.commit(t)).toEqual({ ok: true });
          release = t.release;
        }
      }
      const deadline = Date.now() + 30_000;
      while (statSync(file).size <= before && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statSync(file).size).toBeGreaterThan(before);
      expect((await store.load('REL-20'))?.stage).toBe('s4');
    } finally {
      await store.close();
    }
  });

  it('lets a program that closes the store wait for it, instead of ending mid-close', () => {
    // A script whose last step is closing the store: before the fix, the background worker did not
    // keep Node alive while it closed, and a top-level await was left unsettled (exit code 13).
    const store = resolve(import.meta.dirname, '../../src/store/sqlite/index.ts');
    const script = [
      `import { createSqliteStore } from ${JSON.stringify(store)};`,
      `const store = createSqliteStore({ file: ${JSON.stringify(join(dir, 'closing.sqlite'))} });`,
      'await store.init();',
      'await store.close();',
      "console.log('closed');",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });
});
