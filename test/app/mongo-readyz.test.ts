import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { SIGNING_SECRET } from '../slack/harness.js';
import { ownFerretDb } from '../support/ferretdb-child.js';
import { mongoTestUri } from '../support/mongo.js';
import { type GoliveInMemory, startGoliveInMemory } from './support/golive-in-memory.js';

// /readyz while the database hangs. This needs a server the test may freeze, so it runs its own
// FerretDB (MONGODB_URI only gates it, like every MongoDB suite) — never the shared one.
mongoTestUri();
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: Awaited<ReturnType<typeof ownFerretDb>>;
let fake: FakeSlackApi;
let bot: GoliveInMemory | undefined;
beforeAll(async () => {
  server = await ownFerretDb();
  await server.start();
  fake = new FakeSlackApi();
  await fake.start();
});
afterAll(async () => {
  server?.thaw();
  await bot?.stop();
  await fake?.stop();
  await server?.dispose();
});

describe('/readyz with the MongoDB server frozen (SIGSTOP)', () => {
  it('answers 503 promptly while the server hangs, and 200 again once it is back', async () => {
    bot = await startGoliveInMemory(
      { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl },
      { env: { MONGODB_URI: server.uri, MONGODB_DB: 'golive_readyz' } },
    );
    await vi.waitFor(async () => expect((await bot!.get('/readyz')).status).toBe(200), {
      timeout: 30_000,
      interval: 100,
    });

    server.freeze();
    // Before, a probe got no answer at all until the server resumed. Each probe here gives up after
    // 20 s (bot.get), far more than the bound, and the server stays frozen throughout: a /readyz
    // that waited on the store would never answer, and this would fail.
    await vi.waitFor(
      async () => {
        const { status, body } = await bot!.get('/readyz');
        expect(status).toBe(503);
        expect(body).toMatchObject({ ready: false, store: { ok: false } });
      },
      { timeout: 60_000, interval: 200 },
    );
    const { body } = await bot.get('/readyz');
    expect(JSON.stringify(body)).toMatch(/has not answered for \d+ s|not reachable/);
    expect((await bot.get('/healthz')).status).toBe(200);

    server.thaw();
    await vi.waitFor(async () => expect((await bot!.get('/readyz')).status).toBe(200), {
      timeout: 60_000,
      interval: 200,
    });
  });
});
