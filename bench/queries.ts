import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import type { Release } from '../src/domain/types.js';
import { AWAITING_PAGE, OPEN_PAGE } from '../src/service/conversation.js';
import { derivedFields, type ReleaseDoc } from '../src/store/mongo/docs.js';
import type { ReleaseStore } from '../src/store/port.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import type { SqliteDb } from '../src/store/sqlite/open.js';
import { derivedRowsWriter, releaseColumns } from '../src/store/sqlite/release-rows.js';
import { at, creation, makeRelease } from '../test/store/fixtures.js';

const CAST = ['alice', 'bob', 'carol', 'dave', 'erin', 'oscar', 'bella', 'mallory'];

export interface QueryFigures {
  store: string;
  releases: number;
  seedSeconds: number;
  /** p50/p99 in ms over `runs` calls each. */
  awaitingMe: { p50: number; p99: number };
  myOpen: { p50: number; p99: number };
  listActive: { p50: number; p99: number };
  /** The release board's list as a team member opens it: newest 25 of their teams' and their own, with the count. */
  boardList: { p50: number; p99: number };
  /** The board's list three pages deep (keyset: where the page before ended). */
  boardDeepPage: { p50: number; p99: number };
  /** The board's search for a word of one release's title (every title read), with the count. */
  boardSearch: { p50: number; p99: number };
  /** A piece thousands of titles hold (refund, crm, checkout): newest 25 and a count that stops at 1,000. */
  boardSearchCommon: { p50: number; p99: number };
  /** Two characters (支付, CR, 导出): below the trigram index's three, so titles are read. */
  boardSearchShort: { p50: number; p99: number };
  /** A two-character piece no title holds: every title is read before the page is known to be empty. */
  boardSearchShortRare: { p50: number; p99: number };
  /** The board's filters: a system, done, approved by one person, launched in one month. */
  boardFiltered: { p50: number; p99: number };
  runs: number;
}

/**
 * A realistic history: `count` releases, of which 1 in 200 is still open and waits for someone;
 * the rest are done. Requesters and awaited people are spread over the cast.
 */
function historic(n: number): Release {
  const open = n % 200 === 0;
  return makeRelease(n, {
    // Open releases are spread over the requesters too (n / 200 varies where n % 200 is fixed).
    requester: CAST[(open ? n / 200 : n) % CAST.length] as string,
    status: open ? 'active' : 'done',
    stage: open ? 'sign_off' : 'done',
    // Spread by the open release's own index: n is a multiple of 200 (and so of 8) here, so anything
    // keyed on n alone would make every open release await the same person.
    awaiting: open ? [CAST[((n / 200) * 3) % CAST.length] as string] : [],
    timers: [],
    gate: undefined,
    title: `Release ${n}: ${TITLES[n % TITLES.length]}`,
    system: SYSTEMS[n % SYSTEMS.length] as string,
    team: n % 3 === 0 ? 'crm' : 'payments',
    deciders: open ? [] : [CAST[n % CAST.length] as string, 'dave'],
    ...(open ? {} : { launchedAt: new Date(Date.parse(at(n)) + 3 * 86_400_000).toISOString() }),
  });
}

const TITLES = [
  '支付网关升级',
  'checkout redesign',
  'refund flow',
  'CRM 报表导出',
  'ledger settlement',
  'coupon service',
];
const SYSTEMS = ['payments', 'shop', 'crm', 'ledger', 'gateway', 'search', 'mobile', 'data'];

async function seed(store: ReleaseStore, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const result = await store.create(creation(historic(n)));
    if (!result.ok) throw new Error(`seeding REL-${n}: ${result.reason}`);
  }
}

/**
 * The same history on SQLite in bulk: through store.create, one transaction and its fsync per release,
 * 100,000 took most of an hour on a busy machine. The first release goes through the store; the rest are
 * written as the rows the store itself writes for them (its releaseColumns, text row and derived rows),
 * in one transaction, without their audit events, which these queries never read.
 */
export async function seedSqliteInBulk(store: ReleaseStore & { db: SqliteDb }, count: number): Promise<void> {
  await seed(store, 1);
  const { db } = store;
  const insertRelease = db.prepare(`
    INSERT INTO releases (id, number, version, status, system, requester, flow_id, title, team, launched_at,
      window_start, window_end, created_at, doc)
    VALUES (@id, @number, @version, @status, @system, @requester, @flow_id, @title, @team, @launched_at,
      @window_start, @window_end, @created_at, @doc)`);
  // The text index is keyed by release number (its rowid), as the store's own insert keys it.
  const insertText = db.prepare('INSERT INTO release_search (rowid, title, system) VALUES (?, ?, ?)');
  const writeDerived = derivedRowsWriter(db);
  db.transaction(() => {
    for (let n = 2; n <= count; n++) {
      const release = historic(n);
      insertRelease.run(releaseColumns(release));
      insertText.run(n, release.title, release.system);
      writeDerived(release);
    }
  })();
}

/**
 * The same history on MongoDB in bulk: through store.create it takes hours on FerretDB. The first
 * release goes through the store (creating its indexes and counters as usual); the rest are inserted
 * as the documents the store itself writes (ReleaseDoc with the store's derivedFields), without their
 * audit events, which these queries never read.
 */
export async function seedMongoInBulk(store: ReleaseStore & { db: Db }, count: number): Promise<void> {
  await seed(store, 1);
  const releases = store.db.collection<ReleaseDoc>('releases');
  for (let from = 2; from <= count; from += 1000) {
    const docs: ReleaseDoc[] = [];
    for (let n = from; n < from + 1000 && n <= count; n++) {
      const release = historic(n);
      docs.push({ _id: release.id, release, idemKeys: [], idemKeyTimes: [], ...derivedFields(release) });
    }
    await releases.insertMany(docs);
  }
}

async function timeIt(runs: number, fn: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  return { p50: q(0.5), p99: q(0.99) };
}

export async function queryBench(
  store: ReleaseStore,
  name: string,
  count: number,
  runs = 500,
  seedWith: (store: ReleaseStore, count: number) => Promise<void> = seed,
): Promise<QueryFigures> {
  await store.init();
  const t0 = performance.now();
  await seedWith(store, count);
  const seedSeconds = (performance.now() - t0) / 1000;
  const who = (i: number) => CAST[i % CAST.length] as string;
  // Warm up (statement caches, page cache) before measuring.
  await timeIt(Math.min(50, Math.ceil(runs / 10)), (i) => store.pendingFor(who(i), AWAITING_PAGE));
  const figures: QueryFigures = {
    store: name,
    releases: count,
    seedSeconds,
    awaitingMe: await timeIt(runs, (i) => store.pendingFor(who(i), AWAITING_PAGE)),
    myOpen: await timeIt(runs, (i) => store.openBy(who(i), OPEN_PAGE)),
    listActive: await timeIt(runs, () => store.list({ status: ['active'], limit: 50 })),
    boardList: await timeIt(runs, (i) =>
      store.searchReleases({ limit: 25, visibleTo: { teams: ['crm'], person: who(i) } }),
    ),
    boardDeepPage: await timeIt(runs, async (i) => {
      let page = await store.searchReleases({
        limit: 25,
        visibleTo: { teams: ['payments'], person: who(i) },
      });
      for (let n = 0; n < 2 && page.next; n++)
        page = await store.searchReleases({
          limit: 25,
          after: page.next,
          visibleTo: { teams: ['payments'], person: who(i) },
        });
    }),
    boardSearch: await timeIt(runs, (i) =>
      store.searchReleases({ limit: 25, text: `Release ${1 + ((i * 7919) % count)}:` }),
    ),
    boardSearchCommon: await timeIt(runs, (i) =>
      store.searchReleases({ limit: 25, text: (['refund', 'crm', 'checkout'] as const)[i % 3] }),
    ),
    boardSearchShort: await timeIt(runs, (i) =>
      store.searchReleases({ limit: 25, text: (['支付', 'CR', '导出'] as const)[i % 3] }),
    ),
    boardSearchShortRare: await timeIt(runs, (i) =>
      store.searchReleases({ limit: 25, text: (['qz', '火箭'] as const)[i % 2] }),
    ),
    boardFiltered: await timeIt(runs, (i) =>
      store.searchReleases({
        limit: 25,
        system: SYSTEMS[i % SYSTEMS.length] as string,
        status: ['done'],
        decider: who(i),
        dateField: 'launched',
        from: at(60 * 24 * 10),
        to: at(60 * 24 * 40),
      }),
    ),
    runs,
  };
  await store.close();
  return figures;
}

export function sqliteForBench(): ReleaseStore & { db: SqliteDb } {
  const dir = mkdtempSync(join(tmpdir(), 'golive-bench-q-'));
  return createSqliteStore({ file: join(dir, 'golive.db') });
}
