import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/domain/types.js';
import type { CommitResult, ReleaseStore, Transition } from '../../src/store/port.js';
import { at, creation, makeEvent, makeFlow, makeOutbox, makeRelease, makeTimer, step } from './fixtures.js';

/**
 * The contract every ReleaseStore must pass (embedded SQLite now, MongoDB later). It talks to the store
 * through the port only. `makeStore` returns a fresh, empty, not yet initialised store for each test.
 */
export function describeStoreContract(
  name: string,
  makeStore: () => Promise<ReleaseStore>,
  opts: {
    /**
     * Whether callers racing for one document (two claims of one outbox entry, concurrent release
     * numbers) are raced for real (the default). Off only for MongoDB's code path run on FerretDB,
     * whose conditional update is not single-winner: there they go one after the other, checking what
     * each caller is told but not that the server decides a race (which the same suite checks when
     * MONGODB_URI is a MongoDB server).
     */
    raceOneDocument?: boolean;
  } = {},
): void {
  const race = <T>(calls: (() => Promise<T>)[]): Promise<T[]> =>
    opts.raceOneDocument === false
      ? calls.reduce(async (done, call) => [...(await done), await call()], Promise.resolve([] as T[]))
      : Promise.all(calls.map((call) => call()));
  describe(`store contract: ${name}`, () => {
    let store: ReleaseStore;
    beforeEach(async () => {
      store = await makeStore();
      await store.init();
    });
    afterEach(async () => {
      await store.close();
    });

    const mustLoad = async (id: string): Promise<Release> => {
      const r = await store.load(id);
      if (!r) throw new Error(`${id} is not stored`);
      return r;
    };
    const ids = (releases: Release[]) => releases.map((r) => r.id);
    const sortedIds = (releases: Release[]) => ids(releases).sort();

    it('loads a created release back unchanged, with its first event; init twice is harmless', async () => {
      const r = makeRelease(1);
      expect(await store.create(creation(r, 'slack:Ev1'))).toEqual({ ok: true });
      await store.init();
      expect(await store.load('REL-1')).toEqual(r);
      expect(await store.events('REL-1')).toEqual([makeEvent(r, 1, 'create')]);
      expect(await store.load('REL-404')).toBeNull();
      expect(await store.ping()).toBe(true);
    });

    it('treats a create with a seen request key as a duplicate and stores nothing', async () => {
      expect(await store.create(creation(makeRelease(1), 'slack:Ev1'))).toEqual({ ok: true });
      expect(await store.create(creation(makeRelease(2), 'slack:Ev1'))).toEqual({
        ok: false,
        reason: 'duplicate',
      });
      expect(await store.load('REL-2')).toBeNull();
      expect(await store.findByIdempotencyKey('slack:Ev1')).toEqual({ releaseId: 'REL-1' });
      expect(await store.findByIdempotencyKey('slack:never')).toBeNull();
    });

    it('refuses to create a release id twice and keeps the first', async () => {
      const first = makeRelease(1, { title: 'first' });
      expect(await store.create(creation(first))).toEqual({ ok: true });
      const again = await store.create(creation(makeRelease(1, { title: 'second' })));
      expect(again).toEqual({ ok: false, reason: 'conflict' });
      expect((await mustLoad('REL-1')).title).toBe('first');
      expect(await store.events('REL-1')).toHaveLength(1);
    });

    it('treats a commit with a seen request key as a duplicate and changes nothing', async () => {
      await store.create(creation(makeRelease(1)));
      expect(await store.commit(step(await mustLoad('REL-1'), { stage: 'uat' }, 'feishu:m1'))).toEqual({
        ok: true,
      });
      const redelivered = step(await mustLoad('REL-1'), { stage: 'launch' }, 'feishu:m1');
      expect(await store.commit(redelivered)).toEqual({ ok: false, reason: 'duplicate' });
      const now = await mustLoad('REL-1');
      expect(now.stage).toBe('uat');
      expect(now.version).toBe(2);
      expect(await store.events('REL-1')).toHaveLength(2);
      expect(await store.findByIdempotencyKey('feishu:m1')).toEqual({ releaseId: 'REL-1' });
    });

    it('forgets request keys older than a given time, keeping newer ones as duplicates', async () => {
      // The clock the core stamps transitions with; a key is as old as its transition.
      let minutes = 0;
      const stamped = <T extends { events: Transition['events'] }>(t: T): T => ({
        ...t,
        events: t.events.map((e) => ({ ...e, at: at(minutes) })),
      });
      await store.create(stamped(creation(makeRelease(1), 'slack:new-1')));
      await store.create(stamped(creation(makeRelease(2), 'feishu:new-2')));
      minutes = 60;
      await store.commit(stamped(step(await mustLoad('REL-1'), { stage: 'uat' }, 'slack:click-1')));
      minutes = 120;
      await store.commit(stamped(step(await mustLoad('REL-1'), { stage: 'launch' }, 'slack:click-2')));
      await store.commit(stamped(step(await mustLoad('REL-2'), {})));

      // Keys from before minute 60 go; the one stamped exactly at 60 and later ones stay.
      expect(await store.forgetRequestKeys(at(60))).toBe(2);
      expect(await store.findByIdempotencyKey('slack:new-1')).toBeNull();
      expect(await store.findByIdempotencyKey('feishu:new-2')).toBeNull();
      expect(await store.findByIdempotencyKey('slack:click-1')).toEqual({ releaseId: 'REL-1' });
      expect(await store.findByIdempotencyKey('slack:click-2')).toEqual({ releaseId: 'REL-1' });
      const retried = stamped(step(await mustLoad('REL-1'), { stage: 'done' }, 'slack:click-2'));
      expect(await store.commit(retried)).toEqual({ ok: false, reason: 'duplicate' });
      // Forgetting changed no release and no trail, and there is nothing more to forget.
      expect((await mustLoad('REL-1')).stage).toBe('launch');
      expect(await store.events('REL-1')).toHaveLength(3);
      expect(await store.forgetRequestKeys(at(60))).toBe(0);
      // A key remembered after forgetting is found as ever.
      await store.commit(stamped(step(await mustLoad('REL-2'), {}, 'feishu:click-3')));
      expect(await store.findByIdempotencyKey('feishu:click-3')).toEqual({ releaseId: 'REL-2' });
      expect(await store.forgetRequestKeys(at(121))).toBe(3);
      expect(await store.findByIdempotencyKey('slack:click-2')).toBeNull();
    });

    it('lets exactly one of two commits from the same loaded version win', async () => {
      await store.create(creation(makeRelease(1)));
      const loaded = await mustLoad('REL-1');
      const a = step(loaded, { stage: 'uat' }, 'req-a', 'approve');
      const b = step(loaded, { stage: 'dev' }, 'req-b', 'reject');
      const [ra, rb] = await Promise.all([store.commit(a), store.commit(b)]);
      const results = [ra, rb];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
      const winner = ra.ok ? a : b;
      const loser = ra.ok ? b : a;
      expect(await mustLoad('REL-1')).toEqual(winner.release);
      expect((await store.events('REL-1')).map((e) => e.what)).toEqual(['create', winner.events[0]?.what]);
      // The loser's request was not applied, so a retry of it after reloading is not a duplicate.
      expect(await store.findByIdempotencyKey(loser.idempotencyKey ?? '')).toBeNull();
      const pending = await store.pendingOutbox(at(10_000), 10);
      expect(pending.map((o) => o.key)).toEqual(['REL-1#1#0', 'REL-1#2#0']);
    });

    it('ends 50 racing writers with a consistent version and every accepted event stored once', async () => {
      await store.create(creation(makeRelease(1, { loops: {} })));
      const writers = Array.from({ length: 50 }, (_, i) => commitWithRetry(store, i));
      const attempts = await Promise.all(writers);
      const final = await mustLoad('REL-1');
      expect(final.version).toBe(51);
      expect(final.eventCount).toBe(51);
      // Each writer based its change on the state it loaded, so no accepted change was lost.
      expect(Object.keys(final.loops).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `w${i}`).sort());
      const events = await store.events('REL-1');
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(
        events
          .slice(1)
          .map((e) => e.what)
          .sort(),
      ).toEqual(Object.keys(final.loops).sort());
      // Some writers must have lost a race and retried, or this test did not race at all.
      expect(attempts.some((n) => n > 1)).toBe(true);
      for (let i = 0; i < 50; i += 1)
        expect(await store.findByIdempotencyKey(`req-${i}`)).toEqual({ releaseId: 'REL-1' });
    });

    it('returns the audit trail oldest first, in the order events were appended', async () => {
      const r = makeRelease(1);
      await store.create(creation(r));
      await store.create(creation(makeRelease(2)));
      const loaded = await mustLoad('REL-1');
      const t = step(loaded, {}, undefined, 'tick');
      const second = makeEvent(t.release, 3, 'approve');
      await store.commit({ ...t, release: { ...t.release, eventCount: 3 }, events: [...t.events, second] });
      await store.commit(step(await mustLoad('REL-1'), {}, undefined, 'launch'));
      const events = await store.events('REL-1');
      expect(events.map((e) => [e.seq, e.what])).toEqual([
        [1, 'create'],
        [2, 'tick'],
        [3, 'approve'],
        [4, 'launch'],
      ]);
      expect(events[2]).toEqual(second);
      expect(await store.events('REL-404')).toEqual([]);
      expect(await store.event('REL-1', 3)).toEqual(second);
      expect((await store.event('REL-1', 4))?.what).toBe('launch');
      expect(await store.event('REL-1', 5)).toBeNull();
      expect(await store.event('REL-404', 1)).toBeNull();
    });

    it('answers "pending for me" from the awaiting list as the release moves; closed releases drop out', async () => {
      await store.create(creation(makeRelease(1, { awaiting: ['tom'] })));
      await store.create(creation(makeRelease(2, { awaiting: ['tom', 'dora'] })));
      expect(sortedIds((await store.pendingFor('tom', 10)).releases)).toEqual(['REL-1', 'REL-2']);
      expect(sortedIds((await store.pendingFor('dora', 10)).releases)).toEqual(['REL-2']);

      await store.commit(step(await mustLoad('REL-1'), { awaiting: ['dora'], stage: 'sign_off' }));
      expect(sortedIds((await store.pendingFor('tom', 10)).releases)).toEqual(['REL-2']);
      const doras = (await store.pendingFor('dora', 10)).releases;
      expect(sortedIds(doras)).toEqual(['REL-1', 'REL-2']);
      expect(doras.find((r) => r.id === 'REL-1')).toEqual(await mustLoad('REL-1'));

      // A done release may still list people; it awaits nobody any more.
      await store.commit(step(await mustLoad('REL-2'), { status: 'done', stage: 'done' }));
      expect(sortedIds((await store.pendingFor('dora', 10)).releases)).toEqual(['REL-1']);
      expect((await store.pendingFor('tom', 10)).releases).toEqual([]);
      expect(await store.pendingFor('nobody', 10)).toEqual({ releases: [], total: 0 });
    });

    it('answers "pending for me" a page at a time, newest first, with the count of all', async () => {
      for (let n = 1; n <= 7; n++) await store.create(creation(makeRelease(n, { awaiting: ['tom'] })));
      await store.create(creation(makeRelease(8, { awaiting: ['dora'] })));
      await store.commit(step(await mustLoad('REL-7'), { status: 'done', stage: 'done' }));
      const page = await store.pendingFor('tom', 3);
      expect(page.releases.map((r) => r.id)).toEqual(['REL-6', 'REL-5', 'REL-4']);
      expect(page.total).toBe(6);
      expect(await store.pendingFor('tom', 6)).toMatchObject({ total: 6 });
      expect((await store.pendingFor('tom', 100)).releases).toHaveLength(6);
      expect(await store.pendingFor('dora', 1)).toMatchObject({ total: 1 });
    });

    it("answers someone's open releases a page at a time, newest first, with the count of all", async () => {
      for (let n = 1; n <= 7; n++) await store.create(creation(makeRelease(n, { requester: 'tom' })));
      await store.create(creation(makeRelease(8, { requester: 'dora' })));
      await store.commit(step(await mustLoad('REL-7'), { status: 'done', stage: 'done' }));
      const page = await store.openBy('tom', 3);
      expect(page.releases.map((r) => r.id)).toEqual(['REL-6', 'REL-5', 'REL-4']);
      expect(page.total).toBe(6);
      expect(page.releases[0]).toEqual(await mustLoad('REL-6'));
      expect(await store.openBy('tom', 6)).toMatchObject({ total: 6 });
      expect((await store.openBy('tom', 100)).releases.map((r) => r.id)).toEqual([
        'REL-6',
        'REL-5',
        'REL-4',
        'REL-3',
        'REL-2',
        'REL-1',
      ]);
      expect(await store.openBy('dora', 1)).toMatchObject({ total: 1 });
      expect(await store.openBy('nobody', 5)).toEqual({ releases: [], total: 0 });
    });

    it('lists by status, system, requester, flow and window overlap, newest first, with a limit', async () => {
      const day = 24 * 60;
      const w = (from: number, to: number) => ({ start: at(from), end: at(to) });
      const made = [
        makeRelease(1, { window: w(day + 480, day + 600) }),
        makeRelease(2, { requester: 'bob', status: 'done', window: w(2 * day + 60, 2 * day + 120) }),
        makeRelease(3, { system: 'crm', flowId: 'emergency', window: w(3 * day + 480, 3 * day + 600) }),
        makeRelease(4, { system: 'crm', requester: 'bob', status: 'cancelled', window: undefined }),
        makeRelease(5, { window: w(day + 540, 3 * day) }),
      ];
      for (const r of made) expect(await store.create(creation(r))).toEqual({ ok: true });

      expect(ids(await store.list({}))).toEqual(['REL-5', 'REL-4', 'REL-3', 'REL-2', 'REL-1']);
      expect(ids(await store.list({ limit: 2 }))).toEqual(['REL-5', 'REL-4']);
      expect(ids(await store.list({ status: ['active'] }))).toEqual(['REL-5', 'REL-3', 'REL-1']);
      expect(ids(await store.list({ status: ['done', 'cancelled'] }))).toEqual(['REL-4', 'REL-2']);
      expect(ids(await store.list({ system: 'crm' }))).toEqual(['REL-4', 'REL-3']);
      expect(ids(await store.list({ requester: 'bob' }))).toEqual(['REL-4', 'REL-2']);
      expect(ids(await store.list({ flowId: 'emergency' }))).toEqual(['REL-3']);
      expect(ids(await store.list({ system: 'payments', requester: 'alice', status: ['active'] }))).toEqual([
        'REL-5',
        'REL-1',
      ]);
      // Half-open [from, to): REL-1 ends exactly at `from`, REL-3 starts exactly at `to`; neither overlaps.
      const window = { windowFrom: at(day + 600), windowTo: at(3 * day + 480) };
      expect(ids(await store.list(window))).toEqual(['REL-5', 'REL-2']);
      expect(ids(await store.list({ ...window, limit: 1 }))).toEqual(['REL-5']);
      expect(ids(await store.list({ windowFrom: at(3 * day) }))).toEqual(['REL-3']);
      const listed = await store.list({ flowId: 'emergency' });
      expect(listed[0]).toEqual(made[2]);
    });

    it('lists a release by what its latest commit says, whether that commit moved a listed value or not', async () => {
      const day = 24 * 60;
      await store.create(creation(makeRelease(1, { window: { start: at(day), end: at(day + 60) } })));
      // Only the document changes (a stage step): the release stays where the queries found it.
      await store.commit(step(await mustLoad('REL-1'), { stage: 'uat' }));
      expect(ids(await store.list({ status: ['active'], system: 'payments' }))).toEqual(['REL-1']);
      expect((await mustLoad('REL-1')).stage).toBe('uat');
      // Then the values the lists filter on move; the queries follow, and the step after keeps them.
      const moved = {
        system: 'crm',
        requester: 'bob',
        window: { start: at(3 * day), end: at(3 * day + 60) },
      };
      await store.commit(step(await mustLoad('REL-1'), moved));
      await store.commit(step(await mustLoad('REL-1'), { stage: 'launch' }));
      expect(ids(await store.list({ system: 'payments' }))).toEqual([]);
      expect(ids(await store.list({ system: 'crm', requester: 'bob' }))).toEqual(['REL-1']);
      expect(ids(await store.list({ windowFrom: at(2 * day), windowTo: at(4 * day) }))).toEqual(['REL-1']);
      expect(ids(await store.list({ windowFrom: at(day - 60), windowTo: at(day + 120) }))).toEqual([]);
      await store.commit(step(await mustLoad('REL-1'), { status: 'done', stage: 'done' }));
      expect(ids(await store.list({ status: ['active'] }))).toEqual([]);
      expect(ids(await store.list({ status: ['done'], requester: 'bob' }))).toEqual(['REL-1']);
      expect((await mustLoad('REL-1')).version).toBe(5);
    });

    it('finds due timers and all timers of open releases only', async () => {
      const t1 = makeTimer('1:remind', at(10));
      const t2 = makeTimer('1:escalate', at(100), 'escalate');
      const t3 = makeTimer('1:timeout', at(5), 'timeout');
      await store.create(creation(makeRelease(1, { timers: [t1, t2] })));
      await store.create(creation(makeRelease(2, { timers: [t3] })));
      await store.create(
        creation(makeRelease(3, { status: 'done', timers: [makeTimer('1:remind', at(1))] })),
      );
      const key = (x: { releaseId: string; timer: { id: string } }) => `${x.releaseId}/${x.timer.id}`;
      const keys = (xs: { releaseId: string; timer: { id: string } }[]) => xs.map(key).sort();

      // "At or before now": a timer due exactly now is due.
      expect(keys(await store.dueTimers(at(10)))).toEqual(['REL-1/1:remind', 'REL-2/1:timeout']);
      expect(keys(await store.dueTimers(at(4)))).toEqual([]);
      const all = await store.allTimers();
      expect(keys(all)).toEqual(['REL-1/1:escalate', 'REL-1/1:remind', 'REL-2/1:timeout']);
      expect(all.find((x) => key(x) === 'REL-1/1:escalate')?.timer).toEqual(t2);

      await store.commit(step(await mustLoad('REL-1'), { timers: [t2] }));
      expect(keys(await store.dueTimers(at(10)))).toEqual(['REL-2/1:timeout']);
      await store.commit(step(await mustLoad('REL-2'), { status: 'withdrawn' }));
      expect(keys(await store.dueTimers(at(1000)))).toEqual(['REL-1/1:escalate']);
      expect(keys(await store.allTimers())).toEqual(['REL-1/1:escalate']);
    });

    it('keeps who a release awaits and its timers through commits that leave them be, and follows a timer moved under the same id', async () => {
      await store.create(
        creation(makeRelease(1, { awaiting: ['tom'], timers: [makeTimer('1:remind', at(10))] })),
      );
      const keys = (xs: { releaseId: string; timer: { id: string } }[]) =>
        xs.map((x) => `${x.releaseId}/${x.timer.id}`).sort();
      // An audit entry aside (a refused click): the release awaits and reminds as before.
      await store.commit(step(await mustLoad('REL-1'), {}));
      await store.commit(step(await mustLoad('REL-1'), {}));
      expect(sortedIds((await store.pendingFor('tom', 10)).releases)).toEqual(['REL-1']);
      expect(keys(await store.dueTimers(at(10)))).toEqual(['REL-1/1:remind']);
      // The same reminder, snoozed: due later, not now.
      const later = makeTimer('1:remind', at(50));
      await store.commit(step(await mustLoad('REL-1'), { timers: [later] }));
      expect(await store.dueTimers(at(10))).toEqual([]);
      expect((await store.dueTimers(at(50))).map((x) => x.timer)).toEqual([later]);
      // One more person awaited, then the same number of people but someone else.
      await store.commit(step(await mustLoad('REL-1'), { awaiting: ['tom', 'dora'] }));
      expect(sortedIds((await store.pendingFor('dora', 10)).releases)).toEqual(['REL-1']);
      await store.commit(step(await mustLoad('REL-1'), { awaiting: ['tom', 'ann'] }));
      expect((await store.pendingFor('dora', 10)).releases).toEqual([]);
      expect(sortedIds((await store.pendingFor('ann', 10)).releases)).toEqual(['REL-1']);
      expect(sortedIds((await store.pendingFor('tom', 10)).releases)).toEqual(['REL-1']);
    });

    it('hands out outbox entries: claim once, take over stale claims, never again once delivered', async () => {
      const r = makeRelease(1);
      await store.create(creation(r));
      const t = step(await mustLoad('REL-1'));
      const later = makeOutbox(t.release, 0, { type: 'announce', what: 'launch' }, at(500));
      await store.commit({ ...t, outbox: [later] });
      const first = makeOutbox(r, 0, { type: 'status_card' });

      expect(await store.pendingOutbox(at(10), 10)).toEqual([first]);
      expect(await store.pendingOutbox(at(1000), 10)).toEqual([first, later]);
      expect(await store.pendingOutbox(at(1000), 1)).toEqual([first]);

      const claims = await race([
        () => store.claimOutbox(first.key, 'proc-a', at(10), 60_000),
        () => store.claimOutbox(first.key, 'proc-b', at(10), 60_000),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimOutbox(first.key, 'proc-c', at(10.5), 60_000)).toBe(false);
      // proc-a/b died holding it; after staleMs another process may take it over.
      expect(await store.claimOutbox(first.key, 'proc-c', at(12), 60_000)).toBe(true);
      await store.markDelivered(first.key);
      expect(await store.pendingOutbox(at(1000), 10)).toEqual([later]);
      expect(await store.claimOutbox(first.key, 'proc-d', at(100_000), 60_000)).toBe(false);
    });

    it('claims a round of entries together: only those free and due, each by one process', async () => {
      const r = makeRelease(1);
      await store.create(creation(r));
      const t = step(await mustLoad('REL-1'));
      const now = makeOutbox(t.release, 0, { type: 'status_card' });
      const later = makeOutbox(t.release, 1, { type: 'announce', what: 'launch' }, at(500));
      await store.commit({ ...t, outbox: [now, later] });
      const first = makeOutbox(r, 0, { type: 'status_card' });
      const keys = [first.key, now.key, later.key];

      expect(await store.claimOutboxMany([], 'proc-a', at(10), 60_000)).toEqual([]);
      const rounds = await race([
        () => store.claimOutboxMany(keys, 'proc-a', at(10), 60_000),
        () => store.claimOutboxMany(keys, 'proc-b', at(10), 60_000),
      ]);
      // Each due entry went to exactly one of them; the one not due yet to neither.
      expect(rounds.flat().sort()).toEqual([first.key, now.key].sort());
      expect(await store.claimOutbox(now.key, 'proc-c', at(10.5), 60_000)).toBe(false);
      // Delivered: never again; held by a dead process past staleMs: taken over, in the order asked.
      await store.markDelivered(first.key);
      expect(await store.claimOutboxMany(keys, 'proc-c', at(100), 60_000)).toEqual([now.key]);
      // Due now, and proc-c's claim still fresh under a long lease: only the later entry.
      expect(await store.claimOutboxMany([later.key, now.key], 'proc-d', at(500), 1000 * 60_000)).toEqual([
        later.key,
      ]);
    });

    it('keeps a renewed claim from going stale, and tells a holder that was taken over', async () => {
      const LEASE = 10 * 60_000;
      await store.create(creation(makeRelease(1)));
      const entry = makeOutbox(makeRelease(1), 0, { type: 'status_card' });
      expect(await store.claimOutbox(entry.key, 'proc-a', at(2), LEASE)).toBe(true);
      // proc-a is alive and sending: it renews within its lease (10 minutes here), so it still holds it at 17.
      expect(await store.renewOutboxClaim(entry.key, 'proc-a', at(10))).toBe(true);
      expect(await store.claimOutbox(entry.key, 'proc-b', at(17), LEASE)).toBe(false);
      expect(await store.renewOutboxClaim(entry.key, 'proc-b', at(17))).toBe(false);
      // Silent for a whole lease (dead, or stuck): proc-b takes over, and proc-a learns it lost the claim.
      expect(await store.claimOutbox(entry.key, 'proc-b', at(20), LEASE)).toBe(true);
      expect(await store.renewOutboxClaim(entry.key, 'proc-a', at(21))).toBe(false);
      expect(await store.renewOutboxClaim(entry.key, 'proc-b', at(21))).toBe(true);
      await store.markDelivered(entry.key);
      expect(await store.renewOutboxClaim(entry.key, 'proc-b', at(22))).toBe(false);
    });

    it('defers a failed outbox entry until its notBefore and counts the attempt', async () => {
      await store.create(creation(makeRelease(1)));
      const entry = makeOutbox(makeRelease(1), 0, { type: 'status_card' });
      expect(await store.claimOutbox(entry.key, 'proc-a', at(2), 60_000)).toBe(true);
      await store.deferOutbox(entry.key, at(30), 'slack answered 503');
      expect(await store.pendingOutbox(at(29), 10)).toEqual([]);
      expect(await store.claimOutbox(entry.key, 'proc-b', at(29), 60_000)).toBe(false);
      expect(await store.pendingOutbox(at(30), 10)).toEqual([{ ...entry, attempts: 1, notBefore: at(30) }]);
      // The failed attempt released its claim, so the retry can be claimed at once.
      expect(await store.claimOutbox(entry.key, 'proc-b', at(30), 60_000)).toBe(true);
      // Put off without a try (its platform is not attached yet): released, but no attempt counted.
      await store.deferOutbox(entry.key, at(31), 'no slack surface attached yet', false);
      expect(await store.pendingOutbox(at(31), 10)).toEqual([{ ...entry, attempts: 1, notBefore: at(31) }]);
      expect(await store.claimOutbox(entry.key, 'proc-c', at(31), 60_000)).toBe(true);
    });

    it('lists the entries waiting out a backoff, in the order decided, until they are due or delivered', async () => {
      const r = makeRelease(1);
      await store.create(creation(r));
      const t = step(await mustLoad('REL-1'));
      const second = makeOutbox(t.release, 0, { type: 'announce', what: 'launch' });
      await store.commit({ ...t, outbox: [second] });
      const first = makeOutbox(r, 0, { type: 'status_card' });
      expect(await store.heldOutbox(at(2), 10)).toEqual([]);
      await store.deferOutbox(second.key, at(40), 'slack answered 503');
      await store.deferOutbox(first.key, at(30), 'slack answered 503');
      expect(await store.heldOutbox(at(2), 10)).toEqual([
        { ...first, attempts: 1, notBefore: at(30) },
        { ...second, attempts: 1, notBefore: at(40) },
      ]);
      expect(await store.heldOutbox(at(2), 1)).toEqual([{ ...first, attempts: 1, notBefore: at(30) }]);
      // Due again: pending, no longer held.
      expect(await store.heldOutbox(at(30), 10)).toEqual([{ ...second, attempts: 1, notBefore: at(40) }]);
      expect((await store.pendingOutbox(at(30), 10)).map((e) => e.key)).toEqual([first.key]);
      await store.markDelivered(second.key);
      expect(await store.heldOutbox(at(2), 10)).toEqual([{ ...first, attempts: 1, notBefore: at(30) }]);
    });

    it('postpones an entry without counting an attempt, and never brings one forward', async () => {
      await store.create(creation(makeRelease(1)));
      const entry = makeOutbox(makeRelease(1), 0, { type: 'status_card' });
      await store.postponeOutbox(entry.key, at(20));
      expect(await store.pendingOutbox(at(19), 10)).toEqual([]);
      await store.postponeOutbox(entry.key, at(5));
      expect(await store.heldOutbox(at(19), 10)).toEqual([{ ...entry, notBefore: at(20) }]);
      expect(await store.pendingOutbox(at(20), 10)).toEqual([{ ...entry, notBefore: at(20) }]);
      await store.markDelivered(entry.key);
      await store.postponeOutbox(entry.key, at(30));
      expect(await store.pendingOutbox(at(40), 10)).toEqual([]);
      expect(await store.heldOutbox(at(0), 10)).toEqual([]);
    });

    it('remembers message refs per release and key, the latest winning', async () => {
      await store.create(creation(makeRelease(1)));
      await store.saveMessageRef('REL-1', 'status', {
        platform: 'slack',
        channel: 'C1',
        id: '1700000000.000100',
      });
      await store.saveMessageRef('REL-1', 'gate:2', { platform: 'feishu', channel: 'oc_1', id: 'om_1' });
      await store.saveMessageRef('REL-1', 'status', {
        platform: 'slack',
        channel: 'C1',
        id: '1700000000.000200',
      });
      expect(await store.messageRefs('REL-1')).toEqual({
        status: { platform: 'slack', channel: 'C1', id: '1700000000.000200' },
        'gate:2': { platform: 'feishu', channel: 'oc_1', id: 'om_1' },
      });
      expect(await store.messageRefs('REL-2')).toEqual({});
    });

    it('keeps every flow version and refuses a changed definition under a stored version', async () => {
      const v1 = makeFlow(1);
      expect(await store.putFlow(v1)).toBe('stored');
      expect(await store.putFlow(makeFlow(1))).toBe('same');
      // Key order is not content: the same flow read from a reordered file is the same flow.
      const reordered = Object.fromEntries(Object.entries(v1).reverse()) as typeof v1;
      expect(await store.putFlow(reordered)).toBe('same');
      expect(await store.putFlow(makeFlow(1, 'Finished'))).toBe('changed');
      expect(await store.getFlow('normal', 1)).toEqual(v1);
      expect(await store.putFlow(makeFlow(2, 'Finished'))).toBe('stored');
      expect(await store.getFlow('normal', 2)).toEqual(makeFlow(2, 'Finished'));
      expect(await store.getFlow('normal', 3)).toBeNull();
      expect(await store.getFlow('emergency', 1)).toBeNull();
    });

    it('never hands out the same release number twice, even to concurrent callers', async () => {
      const numbers = await race(Array.from({ length: 30 }, () => () => store.nextReleaseNumber()));
      expect(new Set(numbers).size).toBe(30);
      expect(numbers.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
      expect(await store.nextReleaseNumber()).toBeGreaterThan(Math.max(...numbers));
    });
  });
}

/**
 * One racing writer, as the core's command path does it: load, decide, commit; on conflict reload and
 * try again. Returns how many attempts it took.
 */
async function commitWithRetry(store: ReleaseStore, writer: number): Promise<number> {
  for (let attempt = 1; attempt <= 500; attempt += 1) {
    const loaded = await store.load('REL-1');
    if (!loaded) throw new Error('REL-1 vanished');
    const t: Transition = step(
      loaded,
      { loops: { ...loaded.loops, [`w${writer}`]: 1 } },
      `req-${writer}`,
      `w${writer}`,
    );
    const result: CommitResult = await store.commit(t);
    if (result.ok) return attempt;
    if (result.reason === 'duplicate')
      throw new Error(`writer ${writer}: its first success was not reported`);
  }
  throw new Error(`writer ${writer} never got its commit in`);
}
