import { describe, expect, it } from 'vitest';
import { newRelease, slackScenarios, unixTime } from '../slack/scenario.js';
import { fields, header, visibleText } from '../slack/slack-screen.js';
import { ALL_TOKEN, apiConfig, baseOf, call, mountApi, PAY_TOKEN, toLaunch } from './support.js';

const scenarios = slackScenarios();

/** The test clock starts 2026-11-24 10:00 in Shanghai: this window starts then (a planned start already past is refused) and holds now. */
const form = (
  title: string,
  system: string,
  tag: string,
  start = '2026-11-24T02:00:00Z',
  end = '2026-11-24T04:00:00Z',
) => ({
  title,
  system,
  tester: ['U_BOB'],
  director: 'U_DAVE',
  window_start: unixTime(start),
  window_end: unixTime(end),
  repo_tag: tag,
});

describe('pipeline API: tokens', () => {
  it('answers 401 without a token or with a wrong one, 403 for another system, 200 for its own', async () => {
    const s = await scenarios.start(apiConfig(), mountApi);
    const base = baseOf(s);
    await newRelease(s.slack, 'normal', form('Card vault', 'pay', 'v1.0.0'));
    await newRelease(s.slack, 'normal', form('Banner', 'shop', 'v9'));

    const none = await call(base, '/api/v1/releases/REL-1');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.json.error.code).toBe('unauthorized');
    expect((await call(base, '/api/v1/releases/REL-1', { token: 'glp_wrong' })).status).toBe(401);

    expect((await call(base, '/api/v1/releases/REL-2', { token: PAY_TOKEN })).json).toEqual({
      error: { code: 'forbidden', message: 'This token may not touch system shop.' },
    });
    expect((await call(base, '/api/v1/releases/REL-2', { token: PAY_TOKEN })).status).toBe(403);
    expect((await call(base, '/api/v1/gate?system=shop', { token: PAY_TOKEN })).status).toBe(403);
    const deploy = await call(base, '/api/v1/releases/REL-2/deployments', {
      token: PAY_TOKEN,
      method: 'POST',
      key: 'k1',
      body: { status: 'started' },
    });
    expect(deploy.status).toBe(403);

    const own = await call(base, '/api/v1/releases/REL-1', { token: PAY_TOKEN });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({
      id: 'REL-1',
      system: 'pay',
      version: 'v1.0.0',
      status: 'active',
      stage: { id: 'development', title: { en: 'Development done, awaiting submission for test' } },
      flow: { id: 'normal' },
      window: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T04:00:00.000Z' },
      gate: { open: false, reasons: [{ code: 'not_approved', release: 'REL-1', stage: 'development' }] },
    });
    // A token for every system reads both.
    expect((await call(base, '/api/v1/releases/REL-2', { token: ALL_TOKEN })).status).toBe(200);
    expect((await call(base, '/api/v1/releases/REL-99', { token: ALL_TOKEN })).status).toBe(404);
  });
});

describe('pipeline API: the gate', () => {
  it('is closed for each reason in turn, and open with the approving release once nothing stands in the way', async () => {
    const config = apiConfig();
    const s = await scenarios.start(config, mountApi);
    const base = baseOf(s);
    const gate = (q: string) => call(base, `/api/v1/gate?${q}`, { token: PAY_TOKEN });

    const nothing = await gate('system=pay&version=v1.2.0');
    expect(nothing.status).toBe(409);
    expect(nothing.json).toEqual({
      open: false,
      system: 'pay',
      version: 'v1.2.0',
      reasons: [
        {
          code: 'no_release',
          release: null,
          message: {
            'zh-CN': '系统 pay 没有版本为 v1.2.0 的进行中发布。',
            en: 'No open release of pay at version v1.2.0.',
          },
        },
      ],
    });
    expect((await gate('version=v1')).status).toBe(400);

    await newRelease(s.slack, 'normal', form('Card vault', 'pay', 'v1.2.0'));
    const early = await gate('system=pay&version=v1.2.0');
    expect(early.status).toBe(409);
    expect(early.json.reasons).toEqual([expect.objectContaining({ code: 'not_approved', release: 'REL-1' })]);

    await toLaunch(s, 'REL-1');
    const open = await gate('system=pay&version=v1.2.0');
    expect(open.status).toBe(200);
    expect(open.json).toMatchObject({
      open: true,
      system: 'pay',
      version: 'v1.2.0',
      release: { id: 'REL-1', stage: { id: 'launch' } },
    });
    expect(
      open.json.release.approvals.map((a: { by: string; decision: string }) => [a.by, a.decision]),
    ).toEqual([
      ['dave', 'approved'],
      ['bob', 'approved'],
    ]);
    // Another version of the system is not approved.
    expect((await gate('system=pay&version=v1.3.0')).json.reasons[0].code).toBe('no_release');

    // A freeze declared now closes it.
    config.freezeWindows.push({
      start: '2026-11-24T00:00:00+08:00',
      end: '2026-11-25T00:00:00+08:00',
      reason: { 'zh-CN': '临时封版', en: 'Snap freeze' },
    });
    const frozen = await gate('system=pay&version=v1.2.0');
    expect(frozen.status).toBe(409);
    expect(frozen.json.reasons).toEqual([
      expect.objectContaining({ code: 'frozen', release: 'REL-1', until: '2026-11-25T00:00:00+08:00' }),
    ]);
    config.freezeWindows.pop();

    // Another release of pay planned over the same hours, under a blocking policy.
    await newRelease(s.slack, 'normal', form('Refund API', 'pay', 'v2.0.0'));
    config.conflictPolicy = 'block';
    const conflict = await gate('system=pay&version=v1.2.0');
    expect(conflict.status).toBe(409);
    expect(conflict.json.reasons).toEqual([
      expect.objectContaining({ code: 'conflict', release: 'REL-1', releases: ['REL-2'] }),
    ]);
    config.conflictPolicy = 'warn';
    expect((await gate('system=pay&version=v1.2.0')).status).toBe(200);

    // After its window has ended.
    s.t.clock.set('2026-11-24T05:00:00Z');
    const late = await gate('system=pay&version=v1.2.0');
    expect(late.status).toBe(409);
    expect(late.json.reasons).toEqual([
      expect.objectContaining({
        code: 'outside_window',
        window: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T04:00:00.000Z' },
      }),
    ]);
  });
});

describe('pipeline API: deployments', () => {
  it('records started, completes the launch on succeeded (announced, verification asked), and answers a repeat once', async () => {
    const s = await scenarios.start(apiConfig(), mountApi);
    const base = baseOf(s);
    await newRelease(s.slack, 'normal', form('Card vault', 'pay', 'v1.2.0'));
    await toLaunch(s, 'REL-1');
    const post = (key: string | undefined, body: unknown) =>
      call(base, '/api/v1/releases/REL-1/deployments', {
        token: PAY_TOKEN,
        method: 'POST',
        body,
        ...(key ? { key } : {}),
      });

    expect((await post(undefined, { status: 'started' })).json.error.code).toBe('missing_idempotency_key');
    const bad = await post('k0', { status: 'done' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');

    const started = await post('run-7-start', {
      status: 'started',
      version: 'v1.2.0',
      url: 'https://ci.example/run/7',
    });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({
      recorded: true,
      replayed: false,
      release: { stage: { id: 'launch' } },
    });

    const done = await post('run-7-done', {
      status: 'succeeded',
      version: 'v1.2.0',
      url: 'https://ci.example/run/7',
    });
    expect(done.status).toBe(200);
    expect(done.json.release).toMatchObject({
      stage: { id: 'production_verification' },
      launchedAt: expect.any(String),
    });
    await s.t.core.flush();
    // As for the button: the launch is announced, and production verification is asked after an hour.
    expect(s.slack.screen.cards('C_ANNOUNCE').some((m) => visibleText(m).includes('Card vault'))).toBe(true);
    const release = await s.t.store.load('REL-1');
    expect(release?.timers.some((t) => t.kind === 'verify_prompt')).toBe(true);

    // The trail says it came from the pipeline.
    const events = await s.t.store.events('REL-1');
    const fromPipeline = events.filter((e) => e.actor.platform === 'pipeline');
    expect(fromPipeline.map((e) => [e.actor.person, e.what])).toEqual([
      ['pipeline:github-pay', 'deploy_started'],
      ['pipeline:github-pay', 'launch_complete'],
    ]);
    expect(fromPipeline[1]?.data).toMatchObject({ deployment: { status: 'succeeded', version: 'v1.2.0' } });

    // The same report again (a retried step): nothing new, the same answer, marked as a replay.
    const again = await post('run-7-done', {
      status: 'succeeded',
      version: 'v1.2.0',
      url: 'https://ci.example/run/7',
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toMatchObject({
      recorded: true,
      replayed: true,
      release: { stage: { id: 'production_verification' } },
    });
    expect((await s.t.store.events('REL-1')).length).toBe(events.length);

    // A new report that does not fit (the launch is done): refused, with the reason.
    const late = await post('run-8', { status: 'started' });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('not_deploying');
  });

  it('a failed deployment is the launch-failed outcome: back to fixing, counted, on the status card, the requester told', async () => {
    const s = await scenarios.start(apiConfig(), mountApi);
    const base = baseOf(s);
    await newRelease(s.slack, 'normal', form('Card vault', 'pay', 'v1.2.0'));
    await toLaunch(s, 'REL-1');
    const failed = await call(base, '/api/v1/releases/REL-1/deployments', {
      token: PAY_TOKEN,
      method: 'POST',
      key: 'run-9',
      body: { status: 'failed', version: 'v1.2.0', notes: 'migration 42 timed out' },
    });
    expect(failed.status).toBe(200);
    expect(failed.json.release).toMatchObject({
      stage: { id: 'fixing' },
      launchFailures: 1,
      launchedAt: null,
    });
    await s.t.core.flush();
    const status = s.slack.screen.cards('C_RELEASES').find((m) => m.text.startsWith('REL-1'));
    expect(status && fields(status)['Launch failures']).toContain('failed v1.2.0 migration 42 timed out');
    expect(
      s.slack.screen
        .dms('U_ALICE')
        .some((m) => header(m).includes('Launch failed: REL-1 "Card vault" is back at "Fixing bugs"')),
    ).toBe(true);

    // Fixed, tested, signed again and deployed; then rolled back while production is verified.
    await s.slack.press(
      'U_ALICE',
      (b) => b.intent.command.type === 'act' && b.intent.command.action === 'fixes_ready',
      {},
    );
    await s.slack.press(
      'U_BOB',
      (b) => b.intent.command.type === 'act' && b.intent.command.action === 'tests_passed',
    );
    await s.slack.press(
      'U_BOB',
      (b) => b.intent.command.type === 'act' && b.intent.command.action === 'file_test_report',
      {
        report: 'https://wiki.example/r2',
        summary: 'ok',
      },
    );
    await s.slack.press(
      'U_ALICE',
      (b) => b.intent.command.type === 'act' && b.intent.command.action === 'apply_for_launch',
      {},
    );
    await s.slack.press('U_DAVE', (b) => b.intent.command.type === 'approve');
    await s.slack.press('U_BOB', (b) => b.intent.command.type === 'approve');
    const post = (key: string, status: string) =>
      call(base, '/api/v1/releases/REL-1/deployments', {
        token: PAY_TOKEN,
        method: 'POST',
        key,
        body: { status },
      });
    expect((await post('run-10', 'succeeded')).json.release.stage.id).toBe('production_verification');
    const rolled = await post('run-10-rollback', 'rolled_back');
    expect(rolled.json.release).toMatchObject({ stage: { id: 'fixing' }, launchFailures: 2 });
  });
});
