import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../src/audit/chain.js';
import type { Button } from '../../src/conversation/model.js';
import { TEXTS } from '../../src/i18n/catalog.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { SlackDriver } from '../slack/slack-driver.js';
import type { SeenButton } from '../slack/slack-screen.js';
import { createTestCore, findButton, replyText, type TestCore } from '../support/core.js';
import { ownFerretDb } from '../support/ferretdb-child.js';
import { mongoTestUri } from '../support/mongo.js';
import { type SlackBotProcess, startSlackBotProcess } from '../support/slack-bot-process.js';
import { createRelease, FIXTURES, finalAnswer, WAIT } from './support/replicas.js';

// A release on MongoDB while the server goes away for a few seconds and comes back. This suite needs a
// server it may stop, so it runs its own FerretDB (MONGODB_URI only gates it, like every MongoDB suite).
mongoTestUri();
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

let server: Awaited<ReturnType<typeof ownFerretDb>>;
let t: TestCore;
let fake: FakeSlackApi | undefined;
let bot: SlackBotProcess | undefined;
beforeAll(async () => {
  server = await ownFerretDb();
  await server.start();
});
afterAll(async () => {
  await t?.stop();
  await bot?.stop();
  await fake?.stop();
  await server?.dispose();
});

const act = (id: string) => (b: Button) => b.intent.command.type === 'act' && b.intent.command.action === id;

async function press(who: string, match: (b: Button) => boolean, input: Record<string, unknown> = {}) {
  const button = findButton(t.surface.dmsTo(who), match);
  if (!button) throw new Error(`${who} has no such button`);
  const reply = await t.core.press(t.as(who), button.intent);
  if (reply.kind !== 'form') return replyText(reply);
  const submitted = await t.core.submit(t.as(who), reply.form.context, input);
  if (!submitted.ok) throw new Error(`form refused: ${JSON.stringify(submitted.errors)}`);
  return replyText(submitted.reply);
}

describe('MongoDB outage during a release', () => {
  it('answers "try again" while the server is down, is not ready, and recovers with nothing lost', async () => {
    const store = createMongoStore({
      uri: server.uri,
      dbName: 'golive_outage',
      serverSelectionTimeoutMS: 1_000,
    });
    t = await createTestCore({ store });
    const first = await t.core.command(t.as('alice'), 'new');
    if (first.kind !== 'form') throw new Error('no form');
    const chose = await t.core.submit(t.as('alice'), first.form.context, { flow: 'normal' });
    if (!chose.ok || chose.reply.kind !== 'form') throw new Error('no second form');
    const made = await t.core.submit(t.as('alice'), chose.reply.form.context, {
      title: 'Checkout v2',
      system: 'shop',
      tester: 'bob',
      director: 'dave',
    });
    expect(made.ok && replyText(made.reply)).toContain('Created REL-1');
    await t.core.flush();
    expect(await press('alice', act('submit_for_test'), { build: '1.2.0' })).toContain('Recorded');
    await t.core.flush();
    expect(await t.core.ready()).toBe(true);

    await server.stop();
    expect(await t.core.ready()).toBe(false);
    // Bob's click while the server is down: a clear answer, not a crash and not a silent drop.
    expect(await press('bob', act('smoke_pass'))).toBe('Could not save right now; please try again.');

    await server.start();
    await vi.waitFor(async () => expect(await t.core.ready()).toBe(true), { timeout: 30_000, interval: 200 });
    expect(await press('bob', act('smoke_pass'))).toContain('Recorded');
    await t.core.flush();

    const release = await store.load('REL-1');
    expect(release?.version).toBe(3);
    const trail = (await store.events('REL-1')).map((e) => e.what);
    expect(trail).toEqual(['create', 'submit_for_test', 'smoke_pass']);
  });
});

describe('a golive process (npm start, Slack HTTP mode) on MongoDB during an outage', () => {
  const WEI = 'U0000WEI';
  const REQ = 'U00REQ001';
  const of = (id: string, match: (b: SeenButton) => boolean) => (b: SeenButton) =>
    b.intent.releaseId === id && match(b);
  const approveOf = (b: SeenButton) => b.intent.command.type === 'approve';
  const shippedOf = (b: SeenButton) =>
    b.intent.command.type === 'act' && b.intent.command.action === 'shipped';

  /** Clicks the newest matching button of `user` as a signed block_actions request; their final answer. */
  async function click(slack: SlackDriver, user: string, match: (b: SeenButton) => boolean) {
    let seen: SeenButton | undefined;
    await vi.waitFor(() => {
      seen = slack.screen.button(user, match);
      expect(seen, `${user}'s button`).toBeDefined();
    }, WAIT);
    const before = slack.screen.privateAnswers(user).length;
    await slack.click(user, seen!);
    return finalAnswer(slack, user, before);
  }

  it('answers "try again" in the user\'s language, reports not ready on /readyz, and recovers with nothing lost', async () => {
    fake = new FakeSlackApi();
    await fake.start();
    bot = await startSlackBotProcess({
      fake,
      config: resolve(FIXTURES, 'team.yaml'),
      flowsDir: resolve(FIXTURES, 'flows'),
      mongoUri: server.uri,
      dbName: 'golive_outage_process',
      env: { SCHEDULER_POLL_MS: '500' },
    });
    const slack = new SlackDriver(bot, async () => undefined, WAIT.timeout);
    expect(await bot.get('/readyz')).toBe(200);
    const id = await createRelease(slack, REQ, 'gate_once', { title: 'Checkout v3', reviewers: [WEI] });
    // Wei has the card before the database goes away (it is sent after the "Created" answer).
    await vi.waitFor(() => expect(slack.screen.button(WEI, of(id, approveOf))).toBeDefined(), WAIT);

    await server.stop();
    await vi.waitFor(async () => expect(await bot!.get('/readyz')).toBe(503), WAIT);
    expect(await bot.get('/healthz')).toBe(200);
    // Wei (zh-CN) approves while the database is gone: told, in Chinese, that it was not saved.
    expect(await click(slack, WEI, of(id, approveOf))).toContain(TEXTS.store_unavailable['zh-CN']);

    await server.start();
    await vi.waitFor(async () => expect(await bot!.get('/readyz')).toBe(200), WAIT);
    expect(bot.process.child.exitCode).toBeNull();
    // The same button again, now that it can be saved; then the release runs to its end.
    expect(await click(slack, WEI, of(id, approveOf))).toContain(`已记录：同意（${id}）`);
    expect(await click(slack, REQ, of(id, shippedOf))).toContain(`Recorded: Shipped (${id})`);

    const store = createMongoStore({ uri: server.uri, dbName: 'golive_outage_process' });
    try {
      const release = await store.load(id);
      const events = await store.events(id);
      expect(release).toMatchObject({ status: 'done', stage: 'done' });
      expect(events.map((e) => e.what)).toEqual(['create', 'approve', 'shipped']);
      const chain = { lastHash: release!.lastEventHash, count: release!.eventCount };
      expect(verifyChain(events, chain)).toEqual({ ok: true, count: 3 });
      // Every message decided along the way went out: nothing is left in the outbox.
      const later = new Date(Date.now() + 3_600_000).toISOString();
      await vi.waitFor(async () => expect(await store.pendingOutbox(later, 10)).toEqual([]), WAIT);
    } finally {
      await store.close();
    }
  });
});
