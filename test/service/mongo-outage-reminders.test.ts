import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { ownFerretDb } from '../support/ferretdb-child.js';
import { mongoTestUri } from '../support/mongo.js';
import { type SlackBotProcess, startSlackBotProcess } from '../support/slack-bot-process.js';
import { createRelease, FIXTURES, WAIT } from './support/replicas.js';

// Reminders that fall due while MongoDB is away. The server hangs (answers nothing, connections open)
// for 10 s and is then down (killed) for 10 s; the three reminders of fixtures/flows/outage_drill.yaml fall due
// meanwhile. Once the server is back each must arrive within seconds, and once — not after a retry
// backoff that grew while the server was away, nor after a lock lifetime. This suite runs its own
// FerretDB, which it stops (MONGODB_URI only gates it, like every MongoDB suite).
mongoTestUri();
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });
const REV = 'U00REV001';
const REQ = 'U00REQ001';
const DB = 'golive_outage_reminders';
/** How soon after the server is back the reminders must all be there (two polls, a run, a delivery, on a busy machine). */
const RECOVERY = { timeout: 30_000, interval: 200 };

let server: Awaited<ReturnType<typeof ownFerretDb>>;
let fake: FakeSlackApi | undefined;
let bot: SlackBotProcess | undefined;
beforeAll(async () => {
  server = await ownFerretDb();
  await server.start();
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
  await server?.dispose();
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reminders due while MongoDB is away', () => {
  it('arrive within seconds of its return, each once, with one audit event each', async () => {
    fake = new FakeSlackApi();
    await fake.start();
    bot = await startSlackBotProcess({
      fake,
      config: resolve(FIXTURES, 'team.yaml'),
      flowsDir: resolve(FIXTURES, 'flows'),
      mongoUri: server.uri,
      dbName: DB,
      env: { SCHEDULER_POLL_MS: '1000' },
    });
    const slack = new SlackDriver(bot, async () => undefined, WAIT.timeout);
    const id = await createRelease(slack, REQ, 'outage_drill', { title: 'Outage drill', reviewer: REV });
    const reminders = () =>
      fake!
        .callsTo('chat.postMessage')
        .filter((c) => new RegExp(`^Reminder: .*\\b${id} `).test(String(c.args.text ?? '')))
        .map((c) => String(c.args.channel));
    // The three jobs are saved (the scheduler syncs right after the creation's commit).
    const client = new MongoClient(server.uri);
    let dueTimes: number[] = [];
    try {
      await vi.waitFor(async () => {
        const jobs = await client.db(DB).collection('agendaJobs').find().toArray();
        expect(jobs).toHaveLength(3);
        dueTimes = jobs.map((j) => new Date(j.nextRunAt).getTime());
      }, WAIT);
    } finally {
      await client.close();
    }

    const downFrom = Date.now();
    server.freeze();
    await delay(10_000);
    // Killed while hung: what the bot sent meanwhile is never answered (a thaw would answer it).
    await server.kill();
    await delay(10_000);
    const backAt = Date.now();
    // The premise: reminders fell due while the server was away (how many depends on how long the
    // creation took on this machine), and none of those could be sent.
    const dueMeanwhile = dueTimes.filter((at) => at > downFrom && at < backAt).length;
    expect(dueMeanwhile).toBeGreaterThan(0);
    expect(reminders().length).toBeLessThanOrEqual(3 - dueMeanwhile);
    await server.start();

    await vi.waitFor(() => expect(reminders()).toHaveLength(3), RECOVERY);
    const store = createMongoStore({ uri: server.uri, dbName: DB });
    try {
      // Settled: no job left, nothing undelivered; then the counts are final.
      await vi.waitFor(async () => {
        const later = new Date(Date.now() + 3_600_000).toISOString();
        expect(await store.pendingOutbox(later, 10)).toEqual([]);
        expect(await store.db.collection('agendaJobs').countDocuments()).toBe(0);
      }, WAIT);
      expect(reminders()).toEqual([`D_${REV}`, `D_${REV}`, `D_${REV}`]);
      const trail = (await store.events(id)).map((e) => e.what);
      expect(trail).toEqual(['create', 'timer:remind', 'timer:remind', 'timer:remind']);
    } finally {
      await store.close();
    }
  });
});
