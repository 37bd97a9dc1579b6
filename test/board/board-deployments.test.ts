import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { type BoardApp, startBoardApp } from './support/board-app.js';
import { get, signInWithFetch } from './support/http-session.js';
import { seedHistory } from './support/seed.js';

/** The page's text without its markup, spaces collapsed: what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/**
 * Deployments a pipeline reported, as the board shows them: on the release's page and its timeline, in
 * the launch report, and counted as change failures in the metrics. The seed's REL-11 went live through
 * its pipeline and was rolled back; REL-12's deployment failed before anything went live.
 */
describe('release board: deployments reported by pipelines', { timeout: 120_000 }, () => {
  const now = new Date();
  let app: BoardApp;
  let cookie: string;
  const page = async (path: string) => {
    const res = await get(app, path, cookie);
    expect(res.status, path).toBe(200);
    return visible(await res.text());
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'golive-board-'));
    await seedHistory(createSqliteStore({ file: join(dataDir, 'golive.sqlite') }), now);
    app = await startBoardApp({ dataDir, now });
    cookie = (await signInWithFetch(app, 'U_DAVE')).cookie;
  }, 120_000);
  afterAll(() => app?.stop());

  it('lists each deployment on the release page with its pipeline, result, version link and notes', async () => {
    const html = await (await get(app, '/board/releases/REL-11?lang=en', cookie)).text();
    const table = html.match(/<table class="list deployments">[\s\S]*?<\/table>/)?.[0] ?? '';
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => visible(m[1] ?? '').trim());
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/github-pay started 2\.0\.0/);
    expect(rows[1]).toMatch(/github-pay succeeded 2\.0\.0/);
    expect(table).toContain('href="https://ci.example.com/runs/77"');
    expect(rows[2]).toMatch(/github-pay rolled back 2\.0\.0 .*error rate up/);
    // The timeline says it in words, not the API's status ids.
    expect(visible(html)).toContain('launch failed (rolled back)');
    const zh = await page('/board/releases/REL-11?lang=zh-CN');
    expect(zh).toContain('部署成功');
    expect(zh).toContain('上线失败（已回滚）');
    expect(zh).not.toContain('rolled_back');
    expect(await page('/board/releases/REL-1?lang=en')).toContain(
      'No deployment reported by a pipeline yet.',
    );
  });

  it('puts the deployments in the launch report, also when the deployment failed before going live', async () => {
    const rolledBack = await page('/board/releases/REL-11/documents/launch-report?lang=zh-CN');
    expect(rolledBack).toMatch(/部署记录 .*开始部署.*部署成功.*已回滚/);
    const failed = await page('/board/releases/REL-12/documents/launch-report?lang=en');
    expect(failed).toContain('Not launched yet.');
    expect(failed).toMatch(/Deployments .*github-pay failed 2\.0\.0 .*migration timed out/);
  });

  it('counts a rollback after the launch and a failed deployment as change failures', async () => {
    const html = await (await get(app, '/board/metrics?weeks=12&lang=en', cookie)).text();
    const total = visible(html.match(/<tr class="total">[\s\S]*?<\/tr>/)?.[0] ?? '').trim();
    // Eight releases went live (REL-1…7 by the button, REL-11 by its pipeline); two of those met a
    // production problem and REL-11 was rolled back; REL-12's failed deployment is a ninth change that
    // failed: 4 of 9.
    expect(total).toBe('All 8 44%');
  });
});
