import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/index.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { actIs } from '../hardening/fuzz-support.js';
import { SIGNING_SECRET } from '../slack/harness.js';
import { slashCommand } from '../slack/payloads.js';
import { newRelease } from '../slack/scenario.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { SlackSender } from '../support/slack-signing.js';
import { type GoliveInMemory, startGoliveInMemory } from './support/golive-in-memory.js';

let bot: GoliveInMemory | undefined;
let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await bot?.stop();
  await fake?.stop();
  bot = fake = undefined;
});

/** One sample's value from Prometheus' text format, 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.slice(0, l.indexOf('}')).includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('/metrics counts what happened', () => {
  it('a release with its decisions, and a forged request refused, as an operator scrapes them', async () => {
    fake = new FakeSlackApi();
    await fake.start();
    bot = await startGoliveInMemory({
      SLACK_BOT_TOKEN: 'xoxb-metrics-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    const running = bot.running;
    const send = new SlackSender(`http://127.0.0.1:${running.port}${SLACK_EVENTS_PATH}`, SIGNING_SECRET);
    const slack = new SlackDriver({ fake, send }, () => running.core.flush(), 5000);

    await newRelease(slack, 'normal', {
      title: 'Checkout v2',
      system: 'shop',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    await slack.press('U_ALICE', (b) => actIs('submit_for_test')(b.intent), {});
    await slack.press('U_BOB', (b) => actIs('smoke_pass')(b.intent));
    // A forged request: the right shape, a signature made with another secret.
    const forged = new SlackSender(`http://127.0.0.1:${running.port}${SLACK_EVENTS_PATH}`, 'not-the-secret');
    const refused = await forged.command(slashCommand({ user: 'U_MALLORY', text: 'list', responseUrl: 'x' }));
    expect(refused.status).toBe(401);

    const text = await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text();
    expect(sample(text, 'golive_decisions_total', { what: 'submit_for_test' })).toBe(1);
    expect(sample(text, 'golive_decisions_total', { what: 'smoke_pass' })).toBe(1);
    expect(sample(text, 'golive_refusals_total', { reason: 'bad_signature' })).toBe(1);
    expect(sample(text, 'golive_requests_total', { surface: 'slack', status: '401' })).toBe(1);
    expect(sample(text, 'golive_requests_total', { surface: 'slack', status: '200' })).toBeGreaterThanOrEqual(
      5,
    );
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{app="golive"\} /m);
    expect(text).toMatch(/^process_resident_memory_bytes\{app="golive"\} /m);
  }, 60_000);
});
