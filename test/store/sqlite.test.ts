import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { describeBoardStoreContract } from './board-contract.js';
import { describeStoreContract } from './contract.js';
import { at, creation, makeFlow, makeRelease, makeTimer, step } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);

describeStoreContract('sqlite file', async () => createSqliteStore({ file: freshFile() }));
describeStoreContract('sqlite :memory:', async () => createSqliteStore({ file: ':memory:' }));
describeBoardStoreContract('sqlite file', async () => createSqliteStore({ file: freshFile() }));

describe('sqlite store on a file', () => {
  it('keeps releases, events, timers, flows and the number counter across close and reopen', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    await first.init();
    // WAL: readers (another process, the scheduler's connection) do not block the writer.
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const n = await first.nextReleaseNumber();
    const r = makeRelease(n, { awaiting: ['dora'], timers: [makeTimer('1:remind', at(30))] });
    await first.create(creation(r, 'slack:Ev1'));
    await first.commit(step(r, { stage: 'uat' }, 'slack:Ev2'));
    await first.putFlow(makeFlow(1));
    await first.close();
    expect(await first.ping()).toBe(false);

    const second = createSqliteStore({ file });
    await second.init();
    const loaded = await second.load(r.id);
    expect(loaded?.stage).toBe('uat');
    expect(loaded?.version).toBe(2);
    expect((await second.events(r.id)).map((e) => e.seq)).toEqual([1, 2]);
    expect((await second.pendingFor('dora', 10)).releases.map((x) => x.id)).toEqual([r.id]);
    expect((await second.dueTimers(at(30))).map((x) => x.timer.id)).toEqual(['1:remind']);
    expect(await second.findByIdempotencyKey('slack:Ev2')).toEqual({ releaseId: r.id });
    expect(await second.getFlow('normal', 1)).toEqual(makeFlow(1));
    expect(await second.nextReleaseNumber()).toBe(n + 1);
    await second.close();
  });

  it('lets two connections to one file race like two processes: one commit wins, numbers stay unique', async () => {
    const file = freshFile();
    const a = createSqliteStore({ file });
    const b = createSqliteStore({ file });
    await Promise.all([a.init(), b.init()]);
    await a.create(creation(makeRelease(1)));
    const loaded = await b.load('REL-1');
    if (!loaded) throw new Error('b cannot see what a wrote');
    const results = await Promise.all([
      a.commit(step(loaded, { stage: 'uat' })),
      b.commit(step(loaded, { stage: 'dev' })),
    ]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect((await a.load('REL-1'))?.version).toBe(2);
    const numbers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).nextReleaseNumber()),
    );
    expect(new Set(numbers).size).toBe(20);
    await Promise.all([a.close(), b.close()]);
  });

  it('creates a missing data folder for its file', async () => {
    const file = join(dir, 'not-yet', 'there', 'golive.db');
    const store = createSqliteStore({ file });
    await store.init();
    expect(await store.nextReleaseNumber()).toBe(1);
    await store.close();
  });

  it('reports a use before init as a clear error', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    await expect(store.load('REL-1')).rejects.toThrow(/init\(\) must be called/);
    await store.close();
  });
});
