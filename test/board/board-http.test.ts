import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../src/service/board-link.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestCore } from '../support/core.js';
import { type BoardApp, startBoardApp } from './support/board-app.js';
import { get, signInWithFetch } from './support/http-session.js';

/**
 * The board over plain HTTP (what the browser tests see, without a browser): the sign-in link a Slack DM
 * carries, the session cookie's attributes, no page without a session, teams' visibility, forged posts,
 * an expired session, and the board's requests counted in /metrics.
 */
describe('release board over HTTP', { timeout: 60_000 }, () => {
  let app: BoardApp;
  beforeAll(async () => {
    app = await startBoardApp({ now: new Date() });
    const ctx = (user: string) => ({ platform: 'slack' as const, userId: user, channel: 'C_RELEASES' });
    for (const [user, title, system] of [
      ['U_ALICE', 'Checkout <b>v2</b> & "more"', 'shop'],
      ['U_CAROL', 'CRM export', 'crm'],
    ] as const) {
      const r = await app.running.core.submit(
        ctx(user),
        { kind: 'new_release', flowId: 'normal' },
        {
          title,
          system,
          tester: ['U_BOB'],
          director: 'U_DAVE',
        },
      );
      expect(r.ok).toBe(true);
    }
  });
  afterAll(() => app?.stop());

  it('sends the link in a DM, and signs in once into an httpOnly, SameSite session cookie', async () => {
    const { cookie, setCookie } = await signInWithFetch(app, 'U_ALICE');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/board/);
    expect(setCookie).toMatch(/Expires=/);
    const list = await get(app, '/board/releases', cookie);
    expect(list.status).toBe(200);
    const html = await list.text();
    // Text from people is escaped by the renderer, never markup.
    expect(html).toContain('Checkout &lt;b>v2&lt;/b> &amp; &quot;more&quot;');
    expect(html).not.toContain('<b>v2</b>');
    expect(list.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(list.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('links the status card to the release on the board, where the link goes through sign-in', async () => {
    await app.running.core.flush();
    const card = app.fake.calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C_RELEASES' &&
        JSON.stringify(c.args).includes('REL-1'),
    );
    expect(JSON.stringify(card?.args)).toContain(`${app.base}/board/releases/REL-1`);
    expect(JSON.stringify(card?.args)).toContain('Open on the release board');
    expect((await fetch(`${app.base}/board/releases/REL-1`)).status).toBe(401);
  });

  it('shows no page without a session, and remembers where the visitor wanted to go', async () => {
    for (const path of [
      '/board/releases',
      '/board/releases/REL-1',
      '/board/calendar',
      '/board/metrics',
      '/board/jobs/',
      '/board/jobs/api',
      '/board/nothing-here',
    ]) {
      const res = await get(app, path, '');
      expect([path, res.status]).toEqual([path, 401]);
      expect(await res.text()).toContain('/release board');
    }
    const res = await get(app, '/board/releases/REL-1', '');
    expect(res.headers.getSetCookie().join()).toContain('golive_board_next=/board/releases/REL-1;');
  });

  it('takes a card\u2019s link through sign-in to the page it pointed at', async () => {
    const first = await fetch(`${app.base}/board/releases/REL-1`, { redirect: 'manual' });
    const next =
      first.headers
        .getSetCookie()
        .find((c) => c.startsWith('golive_board_next='))
        ?.split(';')[0] ?? '';
    const link = await app.linkFor('U_ALICE');
    const used = await fetch(link, { method: 'POST', redirect: 'manual', headers: { cookie: next } });
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/board/releases/REL-1');
  });

  it('lets people see their teams\u2019 releases and the admin everything', async () => {
    const alice = (await signInWithFetch(app, 'U_ALICE')).cookie;
    expect((await get(app, '/board/releases/REL-1', alice)).status).toBe(200);
    const crm = await get(app, '/board/releases/REL-2', alice);
    expect(crm.status).toBe(403);
    expect(await crm.text()).toContain('belongs to another team');
    expect((await get(app, '/board/releases/REL-404', alice)).status).toBe(404);
    const dave = (await signInWithFetch(app, 'U_DAVE')).cookie;
    expect((await get(app, '/board/releases/REL-2', dave)).status).toBe(200);
    const jobs = await get(app, '/board/jobs/api', dave);
    expect(jobs.status).toBe(200);
    const body = (await jobs.json()) as { jobs: { job: { name: string; data: { releaseId: string } } }[] };
    expect(body.jobs.map((j) => j.job.data.releaseId).sort()).toEqual(['REL-1', 'REL-2']);
    expect((await get(app, '/board/jobs/api', alice)).status).toBe(403);
  });

  it('refuses posts from other sites and sessions that have expired', async () => {
    const link = await app.linkFor('U_ALICE');
    const forged = await fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.status).toBe(403);
    // The link was not used by the forged post.
    expect((await fetch(link)).status).toBe(200);
    const secret = newSecret();
    const store = createSqliteStore({ file: join(app.dataDir, 'golive.sqlite'), checkpoints: false });
    await store.init();
    await store.saveSession({
      hash: secretHash(secret),
      person: 'alice',
      createdAt: new Date(Date.now() - 13 * 3_600_000).toISOString(),
      expiresAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await store.close();
    const expired = await get(app, '/board/releases', `golive_board=${secret}`);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('You are signed out');
  });

  it('counts the board\u2019s requests by surface in /metrics', async () => {
    const text = await (await fetch(`${app.base}/metrics`)).text();
    expect(text).toMatch(/golive_requests_total\{surface="board",status="200",app="golive"\} [1-9]/);
    expect(text).toMatch(/golive_requests_total\{surface="board",status="401",app="golive"\} [1-9]/);
  });
});

describe('/release board outside Slack', () => {
  it('prints the link in local mode and sends it as a Feishu DM, storing only its hash', async () => {
    for (const platform of ['local', 'feishu'] as const) {
      const store = createSqliteStore({ file: ':memory:' });
      const t = await createTestCore({ platform, store });
      const reply = await t.core.command(t.as('bob'), 'board');
      expect(reply).toMatchObject({ kind: 'text', tone: 'success' });
      const dm = t.surface.sent.find((s) => s.kind === 'user');
      const url = dm?.message.links[0]?.url ?? '';
      expect(url).toMatch(/^http:\/\/localhost:3000\/board\/sign-in\/[A-Za-z0-9_-]{43}$/);
      const secret = url.split('/').at(-1) ?? '';
      const now = t.clock.now().toISOString();
      expect(await store.checkSignInLink(secretHash(secret), now)).toEqual({ ok: true, person: 'bob' });
      expect(await store.checkSignInLink(secret, now)).toEqual({ ok: false, reason: 'unknown' });
      t.clock.advanceHours(1 / 6);
      expect(await store.checkSignInLink(secretHash(secret), t.clock.now().toISOString())).toEqual({
        ok: false,
        reason: 'expired',
      });
      await t.stop();
    }
  });
});

describe('the board’s calendar on a team with a holiday calendar', { timeout: 60_000 }, () => {
  let app: BoardApp;
  beforeAll(async () => {
    app = await startBoardApp({
      now: new Date(),
      config: {
        holidays: 'cn-2026',
        freezeWindows: [
          {
            start: '2026-02-13T00:00:00+08:00',
            end: '2026-02-16T00:00:00+08:00',
            reason: { 'zh-CN': '春节封网', en: 'Spring Festival freeze' },
          },
        ],
      },
    });
  });
  afterAll(() => app?.stop());

  /** The day cells of a calendar page: the date's number, its classes and its tags. */
  const cells = (html: string) =>
    [...html.matchAll(/<div class="(day[^"]*)"><div class="date">(\d+)(.*?)<\/div>/g)].map((m) => ({
      classes: m[1] ?? '',
      date: Number(m[2]),
      tags: (m[3] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    }));

  it('marks the Spring Festival days off and the make-up working days, beside the freeze, in month and week', async () => {
    const { cookie } = await signInWithFetch(app, 'U_ALICE');
    const month = cells(
      await (await get(app, '/board/calendar?view=month&day=2026-02-01&lang=en', cookie)).text(),
    );
    const off = month.filter((c) => c.classes.includes('holiday'));
    expect(off.map((c) => c.date)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(off.every((c) => c.tags.startsWith('Spring Festival (holiday)'))).toBe(true);
    expect(month.filter((c) => c.classes.includes('workday')).map((c) => [c.date, c.tags])).toEqual([
      [14, 'Make-up working day ❄ Spring Festival freeze'],
      [28, 'Make-up working day'],
    ]);
    // The 13th is frozen but neither a holiday nor a make-up day.
    expect(month.find((c) => c.date === 13)).toEqual({
      classes: 'day frozen',
      date: 13,
      tags: '❄ Spring Festival freeze',
    });

    const week = cells(
      await (await get(app, '/board/calendar?view=week&day=2026-02-14&lang=zh-CN', cookie)).text(),
    );
    expect(week.map((c) => c.date)).toEqual([9, 10, 11, 12, 13, 14, 15]);
    expect(week.find((c) => c.date === 14)?.tags).toBe('调休上班 ❄ 春节封网');
    expect(week.find((c) => c.date === 15)?.tags).toBe('春节放假 ❄ 春节封网');
  });
});
