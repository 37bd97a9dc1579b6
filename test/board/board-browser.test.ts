import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../src/service/board-link.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { type BoardApp, startBoardApp } from './support/board-app.js';
import { browserRequired, chromiumPath, openBrowser } from './support/browser.js';
import { seedHistory } from './support/seed.js';

/**
 * The release board in a real browser (Debian's headless Chromium driven by playwright-core), against
 * golive started as in production with Slack in HTTP mode: sign in through the link a Slack DM carries,
 * search, a release's timeline and hash chain (and a tampered one), the documents in both languages, the
 * calendar with a conflict, the metrics charts, Agendash for an admin and a 403 for anyone else, and the
 * refusals of a reused and an expired link. BOARD_SCREENSHOTS=1 saves each page to docs/screenshots/.
 */
const browserPresent = Boolean(chromiumPath());
if (!browserPresent) {
  const say = 'NO CHROMIUM: the release board browser tests are SKIPPED (apt-get install -y chromium)';
  if (browserRequired()) throw new Error(`${say}; CI requires them`);
  console.warn(`\n${'!'.repeat(say.length)}\n${say}\n${'!'.repeat(say.length)}\n`);
}

/** What a part of the page says, as a reader sees it. */
// biome-ignore lint/performance/useDomNodeTextContent: what is rendered (hidden text left out) is the point
const text = (l: Locator) => l.innerText();

const SHOTS =
  process.env.BOARD_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screenshots') : undefined;
const shot = async (page: Page, name: string, fullPage = true) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
};

describe.skipIf(!browserPresent)('release board in headless Chromium', { timeout: 120_000 }, () => {
  const now = new Date();
  let app: BoardApp;
  let browser: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(join(tmpdir(), 'golive-board-'));
    const store = createSqliteStore({ file: join(dataDir, 'golive.sqlite') });
    await seedHistory(store, now);
    app = await startBoardApp({ dataDir, now });
    browser = await openBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const signIn = async (slackUser: string): Promise<Page> => {
    const link = await app.linkFor(slackUser);
    // One browser profile for all: each test starts signed out, in the team's language.
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(link);
    await page.locator('main form button').click();
    await page.waitForURL(/\/board\/releases/);
    return page;
  };

  it('signs alice in through the link of a Slack DM, lists and searches her team\u2019s releases', async () => {
    const page = await signIn('U_ALICE');
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBeGreaterThan(3);
    // Payments' releases and her own; crm's are not hers to see.
    const listed = await page.locator('table.list .rel-id').allTextContents();
    expect(listed).toContain('REL-8');
    expect(listed).not.toContain('REL-2');
    await shot(page, 'releases');
    await page.fill('input[name=q]', 'checkout');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('table.list .rel-id').allTextContents()).toEqual(['REL-8']);
    await expect.poll(() => text(page.locator('table.list'))).toContain('Sign-off by director and tester');
    // A crm release is refused, not shown.
    const other = await page.goto(`${app.base}/board/releases/REL-2`);
    expect(other?.status()).toBe(403);
    await page.close();
  });

  it('shows a release\u2019s timeline with a verified chain, and a tampered one as broken at its first bad event', async () => {
    const page = await signIn('U_ALICE');
    await page.goto(`${app.base}/board/releases/REL-1`);
    await expect.poll(() => text(page.locator('[data-chain=ok]'))).toContain('Audit trail intact');
    await expect.poll(() => text(page.locator('table.timeline'))).toContain('Smoke test failed');
    await expect.poll(() => text(page.locator('table.timeline'))).toContain('Dave');
    await shot(page, 'release');
    // Someone edits the stored trail behind golive's back.
    const db = new Database(join(app.dataDir, 'golive.sqlite'));
    db.prepare(
      "UPDATE events SET doc = json_set(doc, '$.comment', 'approved (edited later)') WHERE release_id = 'REL-1' AND seq = 12",
    ).run();
    db.close();
    await page.reload();
    await expect.poll(() => page.locator('[data-chain=broken]').getAttribute('data-seq')).toBe('12');
    await expect.poll(() => text(page.locator('[data-chain=broken]'))).toContain('breaks at event 12');
    await expect.poll(() => page.locator('#event-12').getAttribute('class')).toMatch(/broken/);
    await shot(page, 'release-tampered');
    await page.close();
  });

  it('opens each document in Chinese and English, with the signatures as name, role and time', async () => {
    const page = await signIn('U_ALICE');
    const docs = [
      ['launch-application', '上线申请单', 'Launch application'],
      ['test-report', '测试报告', 'Test report'],
      ['launch-report', '上线报告', 'Launch report'],
    ] as const;
    for (const [kind, zh, en] of docs) {
      await page.goto(`${app.base}/board/releases/REL-7/documents/${kind}?lang=zh-CN`);
      await expect.poll(() => text(page.locator('.doc-head h1'))).toBe(zh);
      await expect.poll(() => text(page.locator('.sig-table'))).toContain('Bob');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await shot(page, `document-${kind}-zh-CN`);
      await page.goto(`${app.base}/board/releases/REL-7/documents/${kind}?lang=en`);
      await expect.poll(() => text(page.locator('.doc-head h1'))).toBe(en);
      await expect.poll(() => text(page.locator('.sig-table'))).toContain('Bob');
      await shot(page, `document-${kind}-en`);
    }
    await page.goto(`${app.base}/board/releases/REL-7/documents/launch-application?lang=en`);
    const signatures = page.locator('.sig-table tbody tr');
    await expect.poll(() => text(signatures.filter({ hasText: 'Dave' }))).toContain('Technical director');
    await expect.poll(() => text(signatures.filter({ hasText: 'Bob' }))).toContain('Tester');
    // Printed, it is an A4 sheet without the site's header.
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isHidden()).toBe(true);
    await page.close();
  });

  it('shows the calendar with the clash of two windows on one system and a window in the freeze', async () => {
    const page = await signIn('U_DAVE');
    const day = new Date(now.getTime() + 4 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${app.base}/board/calendar?view=month&day=${day}&lang=en`);
    await expect.poll(() => text(page.locator('ul.conflicts'))).toContain('REL-8');
    await expect.poll(() => text(page.locator('ul.conflicts'))).toContain('overlaps REL-9');
    await page.locator('.cal li.win.conflict').first().waitFor({ state: 'visible' });
    await shot(page, 'calendar-month');
    await page.goto(`${app.base}/board/calendar?view=week&day=${day}&lang=en`);
    await page.locator('.cal.week li.win').first().waitFor({ state: 'visible' });
    await shot(page, 'calendar-week');
    const freezeDay = new Date(now.getTime() + 11 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${app.base}/board/calendar?view=week&day=${freezeDay}&lang=en`);
    await expect
      .poll(() => text(page.locator('ul.conflicts')))
      .toContain('inside a freeze (Year-end freeze)');
    await page.close();
  });

  it('draws the metrics charts', async () => {
    const page = await signIn('U_DAVE');
    await page.goto(`${app.base}/board/metrics?lang=en`);
    await expect.poll(() => page.locator('figure.chart svg').count()).toBe(5);
    await expect.poll(() => text(page.locator('table.metrics-table'))).toContain('Payments');
    await shot(page, 'metrics');
    await page.goto(`${app.base}/board/metrics?by=system&lang=zh-CN`);
    await expect.poll(() => text(page.locator('figure.chart').first())).toContain('上线次数');
    await page.close();
  });

  it('opens Agendash for an admin and answers 403 to anyone else', async () => {
    const dave = await signIn('U_DAVE');
    await dave.goto(`${app.base}/board/jobs`);
    expect(dave.url()).toMatch(/\/board\/jobs\/$/);
    await dave.getByText('remind').first().waitFor({ state: 'visible', timeout: 20_000 });
    await shot(dave, 'jobs-agendash', false);
    await dave.close();
    const alice = await signIn('U_ALICE');
    const res = await alice.goto(`${app.base}/board/jobs/`);
    expect(res?.status()).toBe(403);
    await expect.poll(() => text(alice.locator('main'))).toContain('administrators only');
    const api = await alice.goto(`${app.base}/board/jobs/api`);
    expect(api?.status()).toBe(403);
    await alice.close();
  });

  it('refuses a reused and an expired sign-in link with how to get a new one, and signs out', async () => {
    const link = await app.linkFor('U_ALICE');
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(link);
    await page.locator('main form button').click();
    await page.waitForURL(/\/board\/releases/);
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await expect.poll(() => text(page.locator('main'))).toContain('already been used');
    await expect.poll(() => text(page.locator('main'))).toContain('/release board');
    await shot(page, 'sign-in-link-used');
    // A link sent eleven minutes ago.
    const secret = 'expired-link-secret-for-the-board-test-0001';
    const store = createSqliteStore({ file: join(app.dataDir, 'golive.sqlite'), checkpoints: false });
    await store.init();
    await store.saveSignInLink({
      hash: secretHash(secret),
      person: 'alice',
      createdAt: new Date(Date.now() - 11 * 60_000).toISOString(),
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await store.close();
    const expired = await page.goto(`${app.base}/board/sign-in/${secret}`);
    expect(expired?.status()).toBe(410);
    await expect.poll(() => text(page.locator('main'))).toContain('expired');
    await expect.poll(() => text(page.locator('main'))).toContain('Type /release board in Slack or Feishu');
    // Signing out ends the session: the board asks to sign in again.
    await page.goto(`${app.base}/board/releases`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => text(page.locator('main'))).toContain('signed out');
    const after = await page.goto(`${app.base}/board/releases`);
    expect(after?.status()).toBe(401);
    await page.close();
  });
});
