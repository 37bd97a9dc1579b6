import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
