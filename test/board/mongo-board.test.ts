import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabases } from '../support/mongo.js';
import { type BoardApp, startBoardApp } from './support/board-app.js';
import { get, signInWithFetch } from './support/http-session.js';

// The release board on the MongoDB store (FerretDB in CI): sign-in and sessions, search, a release with
// its chain checked, and Agendash listing Agenda's jobs from @agendajs/mongo-backend.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const dbs = testDatabases('board');
afterAll(() => dbs.dropAll());

describe('release board on MongoDB', () => {
  let app: BoardApp;
  beforeAll(async () => {
    app = await startBoardApp({ now: new Date(), mongo: { uri: dbs.uri, db: dbs.fresh() } });
    const ctx = { platform: 'slack' as const, userId: 'U_ALICE', channel: 'C_RELEASES' };
    for (const title of ['Checkout v2', 'Refund fix']) {
      const r = await app.running.core.submit(
        ctx,
        { kind: 'new_release', flowId: 'normal' },
        {
          title,
          system: 'shop',
          tester: ['U_BOB'],
          director: 'U_DAVE',
        },
      );
      expect(r.ok).toBe(true);
    }
  });
  afterAll(() => app?.stop());

  it('signs in once, searches, and shows a release with its verified chain', async () => {
    const link = await app.linkFor('U_ALICE');
    const { cookie } = await signInWithFetch(app, 'U_ALICE');
    const found = await (await get(app, '/board/releases?q=refund', cookie)).text();
    expect(found).toContain('REL-2');
    expect(found).not.toContain('REL-1<');
    const page = await (await get(app, '/board/releases/REL-1', cookie)).text();
    expect(page).toContain('data-chain="ok"');
    const doc = await get(app, '/board/releases/REL-1/documents/launch-application?lang=zh-CN', cookie);
    expect(await doc.text()).toContain('上线申请单');
    // The first link is still unused; once used it is refused.
    expect((await fetch(link, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    expect((await fetch(link, { method: 'POST', redirect: 'manual' })).status).toBe(410);
  });

  it('lists Agenda\u2019s jobs in Agendash for an admin', async () => {
    const { cookie } = await signInWithFetch(app, 'U_DAVE');
    const index = await get(app, '/board/jobs/', cookie);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="app">');
    await vi.waitFor(
      async () => {
        const res = await get(app, '/board/jobs/api', cookie);
        const body = (await res.json()) as { jobs: { job: { name: string; data: { releaseId: string } } }[] };
        expect(body.jobs.map((j) => j.job.data.releaseId).sort()).toEqual(['REL-1', 'REL-2']);
        expect(body.jobs.every((j) => j.job.name === 'remind')).toBe(true);
      },
      { timeout: 30_000, interval: 500 },
    );
  });
});
