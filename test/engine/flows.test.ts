import { describe, expect, it } from 'vitest';
import { testConfig } from '../support/people.js';
import { EngineHarness } from './harness.js';

const EMERGENCY = {
  title: 'Payment hotfix',
  system: 'pay',
  reason_category: 'severe_bug',
  justification: 'double charges',
  tester: ['bob'],
  director: 'dave',
};
const FREEZE = {
  start: '2026-11-20T00:00:00+08:00',
  end: '2026-12-01T00:00:00+08:00',
  reason: { 'zh-CN': '封版', en: 'year-end freeze' },
};

describe('emergency release (A2)', () => {
  it('executive approval, ship with known issues, sign-offs, launch through a freeze (recorded), verification', () => {
    const h = new EngineHarness('emergency', EMERGENCY, { config: testConfig({ freezeWindows: [FREEZE] }) });
    expect(h.release.awaiting).toEqual(['erin']);
    h.ok('erin', { type: 'approve', comment: 'go' });
    expect(h.release.stage).toBe('testing'); // no smoke gate
    h.act('bob', 'problems_found', { problems: ['slow refund page'] });
    expect(h.release.stage).toBe('executive_decision');
    expect(
      h.give('dave', { type: 'act', action: 'ship_with_known_issues', input: { known_issues: ['x'] } }),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'not_executive' },
    });
    h.act('erin', 'ship_with_known_issues', { known_issues: ['slow refund page', 'typo in receipt'] });
    expect(h.release.records.known_issues?.[0]).toMatchObject({
      by: 'erin',
      values: { known_issues: ['slow refund page', 'typo in receipt'] },
    });
    h.act('bob', 'file_test_report', { summary: 'core paths pass' });
    h.ok('dave', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    h.act('alice', 'launch_complete');
    // Who bypassed the freeze, and why: the emergency's justification.
    expect(h.release.freezeBypass).toEqual({
      at: h.now.toISOString(),
      window: `${FREEZE.start}/${FREEZE.end}`,
      by: 'alice',
      reason: 'double charges',
    });
    expect(h.events.at(-1)?.data).toMatchObject({ freezeBypass: h.release.freezeBypass });
    h.act('bob', 'verified');
    expect(h.release.status).toBe('done');
    expect(h.verify().ok).toBe(true);
  });

  it('fix first loops back through fixing and testing', () => {
    const h = new EngineHarness('emergency', EMERGENCY);
    h.ok('erin', { type: 'approve' });
    h.act('bob', 'problems_found', { problems: ['crash'] });
    h.act('erin', 'fix_first');
    h.act('alice', 'fixes_ready');
    expect(h.release).toMatchObject({ stage: 'testing', loops: { bugs: 1 } });
  });

  it('an executive rejection ends the release as rejected', () => {
    const h = new EngineHarness('emergency', EMERGENCY);
    h.ok('erin', { type: 'reject', reason: 'wait for Monday' });
    expect(h.release).toMatchObject({ status: 'rejected', stage: 'rejected', awaiting: [] });
  });
});

describe('activity release (A3)', () => {
  it('has no smoke gate, loops test and fix, and reminds when the campaign ends', () => {
    const h = new EngineHarness('activity', {
      title: 'Double 12 sale',
      system: 'shop',
      tester: ['bob'],
      director: 'dave',
      window_start: '2026-12-12T00:00:00+08:00',
      window_end: '2026-12-13T00:00:00+08:00',
    });
    h.act('alice', 'submit_for_test');
    expect(h.release.stage).toBe('testing');
    h.act('bob', 'report_bugs', { bugs: ['https://zentao/1'] });
    h.act('alice', 'fixes_ready');
    h.act('bob', 'tests_passed');
    h.act('bob', 'file_test_report', { summary: 'ok' });
    h.act('alice', 'apply_for_launch');
    h.ok('dave', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    h.act('alice', 'launch_complete');
    h.act('bob', 'verified');
    expect(h.release.stage).toBe('campaign_running');
    expect(h.release.timers).toEqual([
      expect.objectContaining({ kind: 'activity_end', dueAt: '2026-12-12T16:00:00.000Z' }),
    ]);
    const fired = h.fire('activity_end');
    expect(fired.ok && fired.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', about: 'activity_end', to: ['alice', 'bob'] }),
    );
    h.act('alice', 'campaign_closed');
    expect(h.release.status).toBe('done');
  });
});

describe('enterprise release (B, D, G)', () => {
  const FORM = {
    title: 'Core banking 3.0',
    system: 'core',
    release_object: 'upgrade',
    method: 'planned',
    window_start: '2026-12-05T22:00:00+08:00',
    window_end: '2026-12-06T04:00:00+08:00',
    tester: ['bob', 'carol'],
    ops: 'oscar',
    director: 'dave',
    business: 'bella',
    observation_days: 3,
  };

  it('goes through checklist, sequential approval, run-book, launch report, observation and hand-over', () => {
    const h = new EngineHarness('enterprise', FORM);
    h.act('alice', 'submit_plan', { plan: 'https://wiki/plan', risks: 'db migration' });
    expect(h.give('alice', { type: 'act', action: 'submit_for_approval' })).toMatchObject({
      ok: false,
      refusal: { code: 'checklist_incomplete', params: { count: 13 } },
    });
    expect(h.give('alice', { type: 'tick', item: 'install_verified' })).toMatchObject({
      ok: false,
      refusal: { code: 'not_your_action' },
    });
    expect(h.give('alice', { type: 'tick', item: 'nope' })).toMatchObject({
      ok: false,
      refusal: { code: 'unknown_item' },
    });
    for (const item of [
      'doc_proposal',
      'doc_interface',
      'doc_install',
      'doc_ops',
      'doc_user',
      'launch_plan',
      'code_freeze',
    ])
      h.ok('alice', { type: 'tick', item });
    for (const item of ['test_report', 'stress_test', 'security_review'])
      h.ok('carol', { type: 'tick', item });
    for (const item of ['install_verified', 'training', 'data_migration'])
      h.ok('oscar', { type: 'tick', item });
    h.act('alice', 'submit_for_approval');
    expect(h.release.awaiting).toEqual(['dave']); // sequential: director first
    expect(h.give('oscar', { type: 'approve' })).toMatchObject({
      ok: false,
      refusal: { code: 'not_your_turn' },
    });
    h.ok('dave', { type: 'approve' });
    expect(h.release.awaiting).toEqual(['oscar']);
    h.ok('oscar', { type: 'approve' });
    expect(h.release.stage).toBe('implementation');
    expect(h.give('oscar', { type: 'tick', item: 'deploy' })).toMatchObject({
      ok: false,
      refusal: { code: 'checklist_order', params: { item: 'backup' } },
    });
    for (const item of ['backup', 'deploy', 'configure', 'migrate']) h.ok('oscar', { type: 'tick', item });
    h.ok('carol', { type: 'tick', item: 'smoke_check' });
    h.act('oscar', 'launch_complete');
    expect(h.lastEffects).toContainEqual({ type: 'announce', what: 'launch' });
    // Launch report: two of the parties suffice (n of M) — carol for the testers and oscar.
    expect(h.release.awaiting.sort()).toEqual(['bella', 'bob', 'carol', 'oscar']);
    h.ok('oscar', { type: 'approve' });
    h.ok('carol', { type: 'approve' });
    expect(h.release.stage).toBe('observation');
    const timer = h.release.timers.find((t) => t.kind === 'observation_end');
    expect(timer && Date.parse(timer.dueAt) - h.now.getTime()).toBe(3 * 24 * 3_600_000);
    h.fire('observation_end');
    expect(h.release.stage).toBe('handover');
    expect(h.events.at(-1)).toMatchObject({ what: 'timer:observation_end', actor: { person: 'system' } });
    h.act('oscar', 'hand_over');
    expect(h.release.status).toBe('done');
    expect(h.verify().ok).toBe(true);
  });
});
