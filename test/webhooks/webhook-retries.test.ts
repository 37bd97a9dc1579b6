import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { baseOf, call, mountApi, PAY_TOKEN, toLaunch } from '../api/support.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { startSlackBot } from '../slack/harness.js';
import { newRelease, type SlackScenario, slackScenarios, unixTime } from '../slack/scenario.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { fields, header } from '../slack/slack-screen.js';
import { createTestCore, reopenableStore } from '../support/core.js';
import { CHAT_SECRET, CI_SECRET, type Hooks, metric, nextTry, startHooks } from './support.js';

const scenarios = slackScenarios();
const form = {
  title: 'Card vault',
  system: 'pay',
  tester: ['U_BOB'],
  director: 'U_DAVE',
  window_start: unixTime('2026-11-24T02:00:00Z'),
  window_end: unixTime('2026-11-24T04:00:00Z'),
  repo_tag: 'v1.2.0',
};
const MINUTE = 60_000;

let hooks: Hooks | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await hooks?.close();
  hooks = undefined;
});

async function start(lines?: string[]): Promise<{ s: SlackScenario; h: Hooks }> {
  const h = await startHooks();
  hooks = h;
  const logger = lines
    ? createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } })
    : undefined;
  const s = await scenarios.start(h.config, mountApi, undefined, {
    webhooks: h.poster(),
    ...(logger ? { logger } : {}),
  });
  h.use(s.t);
  return { s, h };
}

const uniqueIds = (h: Hooks) => new Set(h.ci.accepted.map((r) => r.delivery)).size;

describe('webhooks: a receiver that is down', () => {
  it('gets everything once and in order when it comes back; the others are served meanwhile', async () => {
    const { s, h } = await start();
    await h.ci.close(); // connection refused
    await newRelease(s.slack, 'normal', form);
    await toLaunch(s, 'REL-1');
    const deployed = await call(baseOf(s), '/api/v1/releases/REL-1/deployments', {
      token: PAY_TOKEN,
      method: 'POST',
      key: 'd1',
      body: { status: 'succeeded', version: 'v1.2.0' },
    });
    expect(deployed.status).toBe(200);
    await s.t.core.flush();
    // The chat webhook and the channel do not wait for the one that is down.
    expect(h.chat.events()).toEqual(['launched']);
    expect(s.slack.screen.cards('C_RELEASES').map(header)[0]).toContain('REL-1');

    for (let i = 0; i < 3; i++) expect(await nextTry(s.t)).toBe(true);
    // Listening again, but answering 503 for a while.
    h.ci.failing = true;
    await h.ci.open();
    for (let i = 0; i < 3; i++) expect(await nextTry(s.t)).toBe(true);
    // Only the first event was tried each time: what follows it to this webhook waits behind it.
    expect(h.ci.unavailable).toBe(3);
    expect(h.ci.accepted).toEqual([]);

    h.ci.failing = false;
    while (await nextTry(s.t));
    expect(h.ci.refused).toEqual([]);
    expect(h.ci.events()).toEqual(['created', 'launch_applied', 'approved', 'launched']);
    expect(uniqueIds(h)).toBe(4);
    expect(h.chat.events()).toEqual(['launched']);
    // The same event under the same id, however late it arrived.
    expect(h.ci.accepted[3]?.delivery).toBe(h.chat.accepted[0]?.delivery);
    expect(await metric(s.t, 'golive_webhook_deliveries_total', { hook: 'ci', outcome: 'retried' })).toBe(7);
    expect(await metric(s.t, 'golive_webhook_deliveries_total', { hook: 'ci', outcome: 'delivered' })).toBe(
      4,
    );
    expect(await metric(s.t, 'golive_outbox_retries_total', { platform: 'webhook' })).toBe(7);
    expect(
      await s.t.store.pendingOutbox(new Date(s.t.clock.current.getTime() + 60 * MINUTE).toISOString(), 10),
    ).toEqual([]);
  });

  it('is given up after ten minutes of tries: logged without the secret, recorded on the release, counted', async () => {
    const lines: string[] = [];
    const { s, h } = await start(lines);
    h.ci.failing = true;
    await newRelease(s.slack, 'normal', form);
    await s.t.core.flush();
    const decidedMs = s.t.clock.current.getTime();
    while (await nextTry(s.t));

    // Eleven tries, 1 s, 2 s … 256 s apart and a last wait of 89 s: ten minutes, as for messages.
    expect(h.ci.unavailable).toBe(11);
    expect(s.t.clock.current.getTime() - decidedMs).toBe(10 * MINUTE);
    const given = lines.map((l) => JSON.parse(l)).filter((l) => /webhook delivery given up/.test(l.msg));
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({
      level: 50,
      releaseId: 'REL-1',
      attempts: 11,
      err: { message: 'webhook ci: answered 503' },
    });
    expect(given[0].msg).toContain('ci');
    const log = lines.join('\n');
    expect(log).not.toContain(CI_SECRET);
    expect(log).not.toContain(CHAT_SECRET);

    const trail = await s.t.store.events('REL-1');
    expect(trail.at(-1)).toMatchObject({
      what: 'undelivered',
      data: { message: 'webhook', hook: 'ci', event: 'created', attempts: 11 },
    });
    const card = s.slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'));
    if (!card) throw new Error('no status card');
    expect(fields(card)['Not delivered']).toContain('the webhook event (ci)');
    expect(await metric(s.t, 'golive_webhook_deliveries_total', { hook: 'ci', outcome: 'given_up' })).toBe(1);
    expect(await metric(s.t, 'golive_outbox_give_ups_total', { platform: 'webhook' })).toBe(1);

    // Back up: the next event goes out at once; what was given up is not sent again.
    h.ci.failing = false;
    await s.slack.press('U_ALICE', (b) => b.intent.command.type === 'withdraw', { reason: 'not now' });
    await s.t.core.flush();
    expect(h.ci.events()).toEqual(['withdrawn']);
  });
});

describe('webhooks: a restart while the receiver is down', () => {
  it('loses nothing: the restarted bot delivers every event once', async () => {
    const h = await startHooks();
    hooks = h;
    const place = reopenableStore();
    const fake = new FakeSlackApi();
    await fake.start();
    stops.push(() => fake.stop());
    const boot = async (startAt?: Date) => {
      const t = await createTestCore({
        platform: 'slack',
        attachSurface: false,
        config: h.config,
        store: place(),
        webhooks: h.poster(),
        ...(startAt ? { startAt } : {}),
      });
      h.use(t);
      const bot = await startSlackBot(t.core, { fake, mount: (http) => mountApi(http, t) });
      return { t, bot, slack: new SlackDriver(bot, () => t.core.flush()) };
    };

    await h.ci.close();
    const first = await boot();
    await newRelease(first.slack, 'normal', form);
    await toLaunch(first, 'REL-1');
    await first.t.core.flush();
    expect(await nextTry(first.t)).toBe(true);
    const stoppedAt = first.t.clock.now();
    await first.bot.stop();
    await first.t.stop();

    await h.ci.open();
    const second = await boot(new Date(stoppedAt.getTime() + 5 * MINUTE));
    stops.push(async () => {
      await second.bot.stop();
      await second.t.stop();
    });
    await second.t.core.flush();
    while (await nextTry(second.t));
    expect(h.ci.refused).toEqual([]);
    expect(h.ci.events()).toEqual(['created', 'launch_applied', 'approved']);
    expect(uniqueIds(h)).toBe(3);
    expect(h.ci.accepted.map((r) => r.payload.occurredAt)).toEqual([
      '2026-11-24T02:00:00.000Z',
      '2026-11-24T02:00:00.000Z',
      '2026-11-24T02:00:00.000Z',
    ]);
  });
});
