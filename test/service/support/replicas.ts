import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { t } from '../../../adapters/slack/texts.js';
import { createMongoStore } from '../../../src/store/mongo/index.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { SlackDriver } from '../../slack/slack-driver.js';
import { testDatabases } from '../../support/mongo.js';
import { type SlackBotProcess, startSlackBotProcess } from '../../support/slack-bot-process.js';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
/** How long to wait for what a person sees next: processes on FerretDB on a busy 2-core machine. */
export const WAIT = { timeout: 60_000, interval: 100 };

/** Slack ids of the fixture team (fixtures/team.yaml): req1…req10 and rev1…rev20. */
export const requester = (n: number) => `U00REQ${String(n + 1).padStart(3, '0')}`;
export const reviewer = (n: number) => `U00REV${String(n + 1).padStart(3, '0')}`;
/** The config id of a reviewer (rev1 is U00REV001). */
export const personOf = (slackId: string) => `rev${Number(slackId.slice(-3))}`;

export interface Replicas {
  fake: FakeSlackApi;
  bots: SlackBotProcess[];
  /** One driver per process: the same people, reaching the bot through that replica. */
  drivers: SlackDriver[];
  /** The database both share, read directly by the test. */
  store: ReturnType<typeof createMongoStore>;
  dbName: string;
  uri: string;
}

/**
 * Two golive processes (`npm start`, Slack HTTP mode) on one fresh MongoDB database and one fake Slack,
 * as two replicas behind a load balancer; started before the file's tests and stopped after them.
 */
export function useTwoReplicas(file: string): Replicas {
  const dbs = testDatabases(file);
  const r = { uri: dbs.uri } as Replicas;
  beforeAll(async () => {
    r.fake = new FakeSlackApi();
    await r.fake.start();
    r.dbName = dbs.fresh();
    const start = () =>
      startSlackBotProcess({
        fake: r.fake,
        config: resolve(FIXTURES, 'team.yaml'),
        flowsDir: resolve(FIXTURES, 'flows'),
        mongoUri: dbs.uri,
        dbName: r.dbName,
        env: { SCHEDULER_POLL_MS: '1000' },
      });
    r.bots = await Promise.all([start(), start()]);
    // Nothing to flush by hand: each process delivers its outbox by itself.
    r.drivers = r.bots.map((b) => new SlackDriver(b, async () => undefined, WAIT.timeout));
    r.store = createMongoStore({ uri: dbs.uri, dbName: r.dbName });
  }, 90_000);
  afterAll(async () => {
    await Promise.all((r.bots ?? []).map((b) => b.stop()));
    await r.store?.close();
    await r.fake?.stop();
    await dbs.dropAll();
  }, 60_000);
  return r;
}

/** The adapter's interim answer when the core misses Slack's deadline; the real answer follows. */
export const NOT_SAVED_YET = t('en', 'notSavedYet');
const interim = (answer: string) =>
  [t('en', 'notSavedYet'), t('zh-CN', 'notSavedYet')].some((i) => answer.includes(i));

/**
 * The answer a person ends up with after their request: the first private answer from `before` on
 * that is not the interim "could not save in time" (which on a busy machine may come first).
 */
export async function finalAnswer(via: SlackDriver, user: string, before: number): Promise<string> {
  let answer = '';
  await vi.waitFor(() => {
    answer =
      via.screen
        .privateAnswers(user)
        .slice(before)
        .find((a) => !interim(a)) ?? '';
    expect(answer, `${user}'s answer`).not.toBe('');
  }, WAIT);
  return answer;
}

/** Creates a release through `/release new <flow>` and the modal it opens; returns its id. */
export async function createRelease(
  via: SlackDriver,
  user: string,
  flowId: string,
  values: Record<string, unknown>,
): Promise<string> {
  const opened = await via.command(user, `new ${flowId}`);
  if (!opened.modal) throw new Error(`/release new ${flowId} opened no modal: ${opened.answer}`);
  const before = via.screen.privateAnswers(user).length;
  const sent = await via.submit(user, opened.modal, values);
  if (sent.res.body && !sent.res.body.includes(NOT_SAVED_YET))
    throw new Error(`/release new ${flowId} refused: ${sent.res.body}`);
  const answer = await finalAnswer(via, user, before);
  const id = /Created (REL-\d+)/.exec(answer)?.[1];
  if (!id) throw new Error(`not created (HTTP ${sent.res.status}): ${answer}`);
  return id;
}

/** Runs `work` for `lanes` lanes in parallel, each lane's rounds one after another. */
export async function inLanes(
  lanes: number,
  total: number,
  work: (lane: number, round: number, n: number) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let n = lane; n < total; n += lanes) await work(lane, Math.floor(n / lanes), n);
    }),
  );
}
