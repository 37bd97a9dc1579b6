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

describe('sqlite store: the board count of a broad search', () => {
  it('counts matches up to 1,000 and then says "more" instead of counting them all', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    await store.init();
    for (let n = 1; n <= 1_002; n++) {
      const title = n % 2 ? `Refund fix ${n}` : `Checkout ${n}`;
      expect(await store.create(creation(makeRelease(n, { title })))).toEqual({ ok: true });
    }
    const broad = await store.searchReleases({ limit: 25 });
    expect(broad).toMatchObject({ total: 1_000, totalCapped: true });
    expect(broad.releases.map((r) => r.id).slice(0, 2)).toEqual(['REL-1002', 'REL-1001']);
    // A deeper page of the same search says the same.
    const second = await store.searchReleases({ limit: 25, ...(broad.next ? { after: broad.next } : {}) });
    expect(second).toMatchObject({ total: 1_000, totalCapped: true });
    expect(second.releases[0]?.id).toBe('REL-977');
    // Under the cap the count is exact and not marked.
    const refunds = await store.searchReleases({ limit: 25, text: 'refund' });
    expect(refunds.total).toBe(501);
    expect(refunds.totalCapped).toBeUndefined();
    await store.close();
  });
});

describe('sqlite store: a file from before the number-keyed text index', () => {
  it('builds the new text index from its releases on open, so searches find what it held', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    await first.init();
    await first.create(creation(makeRelease(1, { title: '支付网关升级' })));
    await first.create(creation(makeRelease(2, { title: 'Refund fix' })));
    // Put the file back into its earlier layout: the text index kept ids and copies of the text.
    first.db.exec(`DROP TABLE release_search;
      CREATE VIRTUAL TABLE release_text USING fts5(id UNINDEXED, title, system, tokenize = 'trigram');
      INSERT INTO release_text (id, title, system) SELECT id, title, system FROM releases;`);
    await first.close();

    const second = createSqliteStore({ file });
    await second.init();
    expect((await second.searchReleases({ limit: 10, text: '网关升' })).releases.map((r) => r.id)).toEqual([
      'REL-1',
    ]);
    expect((await second.searchReleases({ limit: 10, text: 'refund' })).releases.map((r) => r.id)).toEqual([
      'REL-2',
    ]);
    const tables = second.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'release_text%'").all();
    expect(tables).toEqual([]);
    await second.close();
  });
});
