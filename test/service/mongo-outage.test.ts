import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Button } from '../../src/conversation/model.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { createTestCore, findButton, replyText, type TestCore } from '../support/core.js';
import { ownFerretDb } from '../support/ferretdb-child.js';
import { mongoTestUri } from '../support/mongo.js';

// A release on MongoDB while the server goes away for a few seconds and comes back. This suite needs a
// server it may stop, so it runs its own FerretDB (MONGODB_URI only gates it, like every MongoDB suite).
mongoTestUri();
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

let server: Awaited<ReturnType<typeof ownFerretDb>>;
let t: TestCore;
beforeAll(async () => {
  server = await ownFerretDb();
  await server.start();
});
afterAll(async () => {
  await t?.stop();
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
