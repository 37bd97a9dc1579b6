import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/domain/types.js';
import type { ReleaseSearch, ReleaseStore } from '../../src/store/port.js';
import { at, creation, makeEvent, makeRelease, step } from './fixtures.js';

/**
 * What the release board asks of every store (SQLite and MongoDB): its search, the audit trails of many
 * releases at once, and sign-in links and sessions. Beside the main contract (contract.ts).
 */
export function describeBoardStoreContract(name: string, makeStore: () => Promise<ReleaseStore>): void {
  describe(`board store contract: ${name}`, () => {
    let store: ReleaseStore;
    beforeEach(async () => {
      store = await makeStore();
      await store.init();
    });
    afterEach(async () => {
      await store.close();
    });
    const ids = (releases: Release[]) => releases.map((r) => r.id);
    const search = async (q: Partial<ReleaseSearch>) => {
      const page = await store.searchReleases({ limit: 50, ...q });
      return { ids: ids(page.releases), total: page.total, next: page.next };
    };
    const mustLoad = async (id: string) => {
      const r = await store.load(id);
      if (!r) throw new Error(`${id} is not stored`);
      return r;
    };

    it('searches by text, filters and visibility, newest first, with the count of all matches', async () => {
      const day = 24 * 60;
      const made = [
        makeRelease(1, { title: '支付网关升级', team: 'payments' }),
        makeRelease(2, { title: 'CRM 报表 50%_off', system: 'crm', requester: 'bob', team: 'crm' }),
        makeRelease(3, {
          title: 'Checkout redesign',
          status: 'done',
          launchedAt: at(2 * day),
          team: 'payments',
        }),
        makeRelease(4, { title: 'Refund fix', flowId: 'emergency', deciders: ['dave', 'erin'] }),
        makeRelease(12, { title: 'Gateway 12', system: 'gateway', requester: 'carol', team: 'crm' }),
      ];
      for (const r of made) expect(await store.create(creation(r))).toEqual({ ok: true });

      expect(await search({})).toEqual({ ids: ['REL-12', 'REL-4', 'REL-3', 'REL-2', 'REL-1'], total: 5 });
      // Text: a piece of a title (any case, Chinese too) or a system; an id finds that release.
      expect((await search({ text: '支付' })).ids).toEqual(['REL-1']);
      expect((await search({ text: 'CHECKOUT' })).ids).toEqual(['REL-3']);
      expect((await search({ text: 'crm' })).ids).toEqual(['REL-2']);
      expect((await search({ text: 'rel-12' })).ids).toEqual(['REL-12']);
      expect((await search({ text: '12' })).ids).toEqual(['REL-12']);
      // LIKE and regular-expression characters are only characters.
      expect((await search({ text: '50%_' })).ids).toEqual(['REL-2']);
      expect((await search({ text: '%' })).ids).toEqual(['REL-2']);
      expect((await search({ text: '.*' })).ids).toEqual([]);
      expect((await search({ text: '   ' })).total).toBe(5);
      // Filters, alone and together.
      expect((await search({ status: ['done'] })).ids).toEqual(['REL-3']);
      expect((await search({ status: [] })).ids).toEqual([]);
      expect((await search({ system: 'crm' })).ids).toEqual(['REL-2']);
      expect((await search({ flowId: 'emergency' })).ids).toEqual(['REL-4']);
      expect((await search({ requester: 'bob' })).ids).toEqual(['REL-2']);
      expect((await search({ decider: 'erin' })).ids).toEqual(['REL-4']);
      expect((await search({ requester: 'alice', status: ['active'] })).ids).toEqual(['REL-4', 'REL-1']);
      // Dates: created (default) or launched, half-open [from, to).
      expect((await search({ from: at(3), to: at(12) })).ids).toEqual(['REL-4', 'REL-3']);
      expect((await search({ dateField: 'launched', from: at(day), to: at(3 * day) })).ids).toEqual([
        'REL-3',
      ]);
      expect((await search({ dateField: 'launched', from: at(2 * day + 1) })).ids).toEqual([]);
      // Visibility: the teams' releases and one's own; an empty team list leaves one's own.
      expect((await search({ visibleTo: { teams: ['payments'], person: 'bob' } })).ids).toEqual([
        'REL-3',
        'REL-2',
        'REL-1',
      ]);
      expect((await search({ visibleTo: { teams: ['crm', 'payments'], person: 'dave' } })).total).toBe(4);
      expect((await search({ visibleTo: { teams: [], person: 'bob' } })).ids).toEqual(['REL-2']);
      expect((await search({ visibleTo: { teams: ['payments'], person: 'bob' }, text: 'fix' })).ids).toEqual(
        [],
      );
      expect((await search({ text: '支付' })).next).toBeUndefined();
    });

    it('pages by where the last page ended, every page counting all matches', async () => {
      for (let n = 1; n <= 7; n += 1) await store.create(creation(makeRelease(n, { title: `Release ${n}` })));
      // Two created in the same millisecond are told apart by number.
      await store.create(creation(makeRelease(8, { createdAt: at(7) })));
      const first = await search({ limit: 3 });
      expect(first).toMatchObject({ ids: ['REL-8', 'REL-7', 'REL-6'], total: 8 });
      const second = await search({ limit: 3, after: first.next });
      expect(second).toMatchObject({ ids: ['REL-5', 'REL-4', 'REL-3'], total: 8 });
      const third = await search({ limit: 3, after: second.next });
      expect(third).toEqual({ ids: ['REL-2', 'REL-1'], total: 8, next: undefined });
      const sameTime = await search({ limit: 1, after: { createdAt: at(7), number: 8 } });
      expect(sameTime.ids).toEqual(['REL-7']);
    });

    it('finds a release by who decided at its gates once a commit records them', async () => {
      await store.create(creation(makeRelease(1)));
      expect((await search({ decider: 'dave' })).ids).toEqual([]);
      await store.commit(step(await mustLoad('REL-1'), { deciders: ['dave'] }));
      await store.commit(step(await mustLoad('REL-1'), { stage: 'launch' }));
      await store.commit(step(await mustLoad('REL-1'), { deciders: ['dave', 'bob'], launchedAt: at(90) }));
      expect((await search({ decider: 'dave' })).ids).toEqual(['REL-1']);
      expect((await search({ decider: 'bob' })).ids).toEqual(['REL-1']);
      expect((await search({ dateField: 'launched', from: at(90), to: at(91) })).ids).toEqual(['REL-1']);
    });

    it('reads the audit trails of several releases at once, each oldest first', async () => {
      await store.create(creation(makeRelease(1)));
      await store.create(creation(makeRelease(2)));
      await store.commit(step(await mustLoad('REL-2'), { stage: 'uat' }));
      const trails = await store.eventsOf(['REL-2', 'REL-1', 'REL-404']);
      expect([...trails.keys()].sort()).toEqual(['REL-1', 'REL-2']);
      expect(trails.get('REL-2')?.map((e) => e.seq)).toEqual([1, 2]);
      expect(trails.get('REL-1')).toEqual([makeEvent(await mustLoad('REL-1'), 1, 'create')]);
      expect((await store.eventsOf([])).size).toBe(0);
    });

    it('signs in once with a link before it expires, and says why not otherwise', async () => {
      const link = { hash: 'a'.repeat(64), person: 'alice', createdAt: at(0), expiresAt: at(10) };
      await store.saveSignInLink(link);
      expect(await store.checkSignInLink(link.hash, at(5))).toEqual({ ok: true, person: 'alice' });
      expect(await store.checkSignInLink('b'.repeat(64), at(5))).toEqual({ ok: false, reason: 'unknown' });
      expect(await store.checkSignInLink(link.hash, at(10))).toEqual({ ok: false, reason: 'expired' });
      // Two tabs at once: exactly one signs in.
      const both = await Promise.all([
        store.redeemSignInLink(link.hash, at(5)),
        store.redeemSignInLink(link.hash, at(5)),
      ]);
      expect(both.filter((r) => r.ok)).toEqual([{ ok: true, person: 'alice' }]);
      expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }]);
      expect(await store.redeemSignInLink(link.hash, at(6))).toEqual({ ok: false, reason: 'used' });
      expect(await store.checkSignInLink(link.hash, at(6))).toEqual({ ok: false, reason: 'used' });
      const late = { ...link, hash: 'c'.repeat(64) };
      await store.saveSignInLink(late);
      expect(await store.redeemSignInLink(late.hash, at(11))).toEqual({ ok: false, reason: 'expired' });
      // A day after links end they are forgotten (a new link's save clears them).
      await store.saveSignInLink({
        ...link,
        hash: 'd'.repeat(64),
        createdAt: at(60 * 25),
        expiresAt: at(60 * 25 + 10),
      });
      expect(await store.checkSignInLink(link.hash, at(60 * 25))).toEqual({ ok: false, reason: 'unknown' });
    });

    it('keeps a session until it expires or is ended', async () => {
      const session = { hash: 'e'.repeat(64), person: 'bob', createdAt: at(0), expiresAt: at(480) };
      await store.saveSession(session);
      expect(await store.findSession(session.hash, at(479))).toEqual(session);
      expect(await store.findSession(session.hash, at(480))).toBeNull();
      expect(await store.findSession('f'.repeat(64), at(1))).toBeNull();
      const other = { ...session, hash: '0'.repeat(64) };
      await store.saveSession(other);
      await store.endSession(other.hash);
      expect(await store.findSession(other.hash, at(1))).toBeNull();
      expect(await store.findSession(session.hash, at(1))).toEqual(session);
    });
  });
}
