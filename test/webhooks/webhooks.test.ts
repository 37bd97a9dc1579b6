import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { baseOf, call, mountApi, PAY_TOKEN, toLaunch } from '../api/support.js';
import { act, is, newRelease, type SlackScenario, slackScenarios, unixTime } from '../slack/scenario.js';
import { type Hooks, metric, startHooks } from './support.js';

const scenarios = slackScenarios();

/** The test clock starts 2026-11-24 10:00 in Shanghai; the window holds then. */
const form = (title: string, tag: string) => ({
  title,
  system: 'pay',
  tester: ['U_BOB'],
  director: 'U_DAVE',
  window_start: unixTime('2026-11-24T02:00:00Z'),
  window_end: unixTime('2026-11-24T04:00:00Z'),
  repo_tag: tag,
});

let hooks: Hooks | undefined;
afterEach(async () => {
  await hooks?.close();
  hooks = undefined;
});

async function start(): Promise<{ s: SlackScenario; h: Hooks }> {
  const h = await startHooks();
  hooks = h;
  const s = await scenarios.start(h.config, mountApi, undefined, { webhooks: h.poster() });
  h.use(s.t);
  return { s, h };
}

const deploy = (s: SlackScenario, id: string, body: Record<string, unknown>, key: string) =>
  call(baseOf(s), `/api/v1/releases/${id}/deployments`, { token: PAY_TOKEN, method: 'POST', key, body });

describe('webhooks: a release told to its team’s receivers', () => {
  it('posts created, launch applied, approved, launched and done in order, each once and signed, to whoever asked', async () => {
    const { s, h } = await start();
    await newRelease(s.slack, 'normal', form('Card vault', 'v1.2.0'));
    await toLaunch(s, 'REL-1');
    expect((await deploy(s, 'REL-1', { status: 'started' }, 'd1')).status).toBe(200);
    const done = await deploy(
      s,
      'REL-1',
      { status: 'succeeded', version: 'v1.2.0', url: 'https://ci/1' },
      'd2',
    );
    expect(done.status).toBe(200);
    await s.t.core.flush();
    await s.slack.press('U_BOB', act('verified'));
    await s.t.core.flush();

    expect(h.ci.refused).toEqual([]);
    expect(h.ci.events()).toEqual(['created', 'launch_applied', 'approved', 'launched', 'done']);
    const ids = h.ci.accepted.map((r) => r.delivery);
    expect(new Set(ids).size).toBe(5);
    // Another webhook gets what it asked for, under the same event ids.
    expect(h.chat.refused).toEqual([]);
    expect(h.chat.events()).toEqual(['launched', 'done']);
    expect(h.chat.accepted.map((r) => r.delivery)).toEqual(ids.slice(3));

    const [created, applied, approved, launched, finished] = h.ci.accepted.map((r) => r.payload);
    expect(created).toMatchObject({
      event: 'created',
      occurredAt: '2026-11-24T02:00:00.000Z',
      team: 'payments',
      actor: { id: 'alice', name: 'Alice', platform: 'slack' },
      release: {
        id: 'REL-1',
        number: 1,
        title: 'Card vault',
        flow: { id: 'normal' },
        system: 'pay',
        version: 'v1.2.0',
        stage: { id: 'development' },
        status: 'active',
        window: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T04:00:00.000Z' },
        requester: { id: 'alice', name: 'Alice' },
        links: {
          board: 'http://localhost:3000/board/releases/REL-1',
          api: 'http://localhost:3000/api/v1/releases/REL-1',
        },
      },
    });
    expect(applied).toMatchObject({ actor: { id: 'alice' }, release: { stage: { id: 'sign_off' } } });
    // The gate passed with the second sign-off: the release may now go to production.
    expect(approved).toMatchObject({
      actor: { id: 'bob' },
      gate: { stage: 'sign_off', signOff: true },
      release: { stage: { id: 'launch', title: { 'zh-CN': '上线', en: 'Launch' } } },
    });
    expect(launched).toMatchObject({
      actor: { id: 'pipeline:github-pay', platform: 'pipeline' },
      deployment: { status: 'succeeded', version: 'v1.2.0', url: 'https://ci/1' },
      release: { stage: { id: 'production_verification' } },
    });
    expect(finished).toMatchObject({
      actor: { id: 'bob' },
      release: { status: 'done', stage: { id: 'done' } },
    });
    expect(await metric(s.t, 'golive_webhook_deliveries_total', { hook: 'ci', outcome: 'delivered' })).toBe(
      5,
    );
    expect(await metric(s.t, 'golive_webhook_deliveries_total', { hook: 'chat', outcome: 'delivered' })).toBe(
      2,
    );

    // The OpenAPI document describes what was posted (its webhook `releaseEvent`).
    const doc = await call(baseOf(s), '/api/v1/openapi.json');
    expect(doc.json.webhooks.releaseEvent.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WebhookEvent',
    });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ ...doc.json, $id: 'https://golive.local/openapi.json' });
    const validate = ajv.getSchema('https://golive.local/openapi.json#/components/schemas/WebhookEvent');
    if (!validate) throw new Error('no WebhookEvent schema');
    for (const r of [...h.ci.accepted, ...h.chat.accepted])
      expect(validate(r.payload), JSON.stringify(validate.errors)).toBe(true);
  });

  it('tells a rejection with its reason, a withdrawal and a failed deployment', async () => {
    const { s, h } = await start();
    await newRelease(s.slack, 'normal', form('Card vault', 'v1.2.0'));
    await toLaunch(s, 'REL-1');
    const failed = await deploy(s, 'REL-1', { status: 'failed', notes: 'migration timed out' }, 'f1');
    expect(failed.status).toBe(200);

    await newRelease(s.slack, 'normal', form('Refunds', 'v2.0.0'));
    const on2 = (type: string, action?: string) => (b: Parameters<ReturnType<typeof act>>[0]) =>
      b.intent.releaseId === 'REL-2' && (action ? act(action)(b) : is(type)(b));
    await s.slack.press('U_ALICE', on2('act', 'submit_for_test'), {});
    await s.slack.press('U_BOB', on2('act', 'smoke_pass'));
    await s.slack.press('U_BOB', on2('act', 'tests_passed'));
    await s.slack.press('U_BOB', on2('act', 'file_test_report'), { report: 'https://wiki/r', summary: 'ok' });
    await s.slack.press('U_ALICE', on2('act', 'apply_for_launch'), {});
    await s.slack.press('U_DAVE', on2('reject'), { reason: 'No rollback plan' });
    const withdraw = s.slack.screen.button('U_ALICE', on2('withdraw'));
    if (!withdraw) throw new Error('no withdraw button for alice');
    const asked = await s.slack.click('U_ALICE', withdraw);
    if (!asked.modal) throw new Error('no withdraw form');
    await s.slack.submit('U_ALICE', asked.modal, { reason: 'Superseded by REL-3' });
    await s.t.core.flush();

    expect(h.ci.refused).toEqual([]);
    const told = h.ci.accepted.map((r) => `${r.payload.release.id} ${r.event}`);
    expect(told).toEqual([
      'REL-1 created',
      'REL-1 launch_applied',
      'REL-1 approved',
      'REL-1 launch_failed',
      'REL-2 created',
      'REL-2 launch_applied',
      'REL-2 rejected',
      'REL-2 withdrawn',
    ]);
    const payload = (id: string, event: string) =>
      h.ci.accepted.find((r) => r.payload.release.id === id && r.event === event)?.payload;
    expect(payload('REL-1', 'launch_failed')).toMatchObject({
      comment: 'migration timed out',
      deployment: { status: 'failed', notes: 'migration timed out' },
      release: { stage: { id: 'fixing' } },
    });
    expect(payload('REL-2', 'rejected')).toMatchObject({
      actor: { id: 'dave' },
      comment: 'No rollback plan',
      gate: { stage: 'sign_off', signOff: true },
    });
    expect(payload('REL-2', 'withdrawn')).toMatchObject({
      comment: 'Superseded by REL-3',
      release: { status: 'withdrawn' },
    });
    // Nothing here was launched or done: the chat webhook heard nothing.
    expect(h.chat.accepted).toEqual([]);
  });
});
