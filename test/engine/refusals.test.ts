import { describe, expect, it } from 'vitest';
import type { TransitionResult } from '../../src/domain/types.js';
import { sayRefusal } from '../../src/i18n/say.js';
import { testConfig } from '../support/people.js';
import { EngineHarness, NORMAL_FORM, normalAtSignOff } from './harness.js';

/** The text the user reads for a refused command, in English and Chinese. */
function reason(r: TransitionResult): { en: string; zh: string } {
  if (r.ok) throw new Error('expected a refusal');
  return { en: sayRefusal(r.refusal, 'en'), zh: sayRefusal(r.refusal, 'zh-CN') };
}

const SINGLES_DAY = {
  start: '2026-11-20T00:00:00+08:00',
  end: '2026-12-01T00:00:00+08:00',
  reason: { 'zh-CN': '双十一封版', en: 'Singles Day freeze' },
};

describe('refusals name the reason a user reads, and change nothing', () => {
  it('not an approver of this gate', () => {
    const h = normalAtSignOff();
    const before = h.release;
    expect(reason(h.give('mallory', { type: 'approve' })).en).toBe('You are not an approver of this gate.');
    expect(h.release).toBe(before);
  });

  it('self-approval where the flow forbids it', () => {
    const h = normalAtSignOff();
    expect(reason(h.give('alice', { type: 'approve' }))).toEqual({
      en: 'You cannot approve your own release.',
      zh: '不能审批自己申请的发布单。',
    });
  });

  it('emergency approval by someone not configured as an executive', () => {
    const h = new EngineHarness('emergency', {
      title: 'Hotfix',
      system: 'pay',
      reason_category: 'severe_bug',
      justification: 'p0',
      tester: ['bob'],
      director: 'dave',
    });
    expect(reason(h.give('dave', { type: 'approve' })).en).toBe(
      'Only a configured executive can decide this.',
    );
    expect(h.release.stage).toBe('emergency_approval');
  });

  it('action not valid in the current stage', () => {
    const h = normalAtSignOff();
    expect(reason(h.give('alice', { type: 'act', action: 'launch_complete' })).en).toBe(
      'That cannot be done in the current stage (sign_off).',
    );
  });

  it('an action that belongs to another role', () => {
    const h = new EngineHarness('normal', NORMAL_FORM);
    h.act('alice', 'submit_for_test');
    expect(reason(h.give('alice', { type: 'act', action: 'smoke_pass' })).en).toBe(
      'This action is not yours (it belongs to: tester).',
    );
  });

  it('already decided: a second click of the same approver, and a click after the gate closed', () => {
    const h = normalAtSignOff();
    const entry = h.release.stageEntry;
    h.ok('dave', { type: 'approve' });
    expect(reason(h.give('dave', { type: 'approve' })).en).toBe('This was already decided.');
    h.ok('bob', { type: 'approve' });
    expect(reason(h.give('bob', { type: 'approve' }, { stageEntry: entry })).en).toBe(
      'This was already decided.',
    );
  });

  it('stale version: a card from an earlier stage entry', () => {
    const h = new EngineHarness('normal', NORMAL_FORM);
    const entry = h.release.stageEntry;
    h.act('alice', 'submit_for_test');
    h.act('bob', 'smoke_fail', { reason: 'broken' });
    expect(h.release.stage).toBe('development');
    expect(
      reason(h.give('alice', { type: 'act', action: 'submit_for_test' }, { stageEntry: entry })).en,
    ).toContain('out of date');
  });

  it('launch inside a freeze window is refused for a normal release', () => {
    // The planned window (early December) is clear of the freeze; the launch, now, is not.
    const config = testConfig({ freezeWindows: [SINGLES_DAY] });
    const h = normalAtSignOff({
      config,
      values: { ...NORMAL_FORM, window_start: '2026-12-05T10:00:00+08:00' },
    });
    h.ok('dave', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    const r = reason(h.give('alice', { type: 'act', action: 'launch_complete' }));
    expect(r.en).toBe(
      'No launches during the freeze (Singles Day freeze); it ends 2026-12-01T00:00:00+08:00. For an urgent fix, start an emergency release.',
    );
    expect(r.zh).toContain('双十一封版');
    expect(h.release.stage).toBe('launch');
  });

  it('a launch application whose window falls in a freeze is refused before anyone signs', () => {
    const h = normalAtSignOff({ config: testConfig({ freezeWindows: [SINGLES_DAY] }), apply: false });
    const r = reason(h.give('alice', { type: 'act', action: 'apply_for_launch' }));
    expect(r.en).toBe(
      'No launches during the freeze (Singles Day freeze); it ends 2026-12-01T00:00:00+08:00. For an urgent fix, start an emergency release.',
    );
    expect(h.release.stage).toBe('launch_application');
  });

  it('sign-off is refused once a freeze covers the planned window (declared after the application)', () => {
    const config = testConfig();
    const h = normalAtSignOff({ config });
    config.freezeWindows.push(SINGLES_DAY);
    expect(reason(h.give('dave', { type: 'approve' })).zh).toBe(
      '当前处于封网期（双十一封版），2026-12-01T00:00:00+08:00 后才能上线。如需立即上线，请发起紧急上线。',
    );
    expect(h.release.stage).toBe('sign_off');
    expect(h.release.gate?.slots.every((s) => !s.decision)).toBe(true);
  });

  it("a system's own freeze holds for its releases only", () => {
    const config = testConfig({
      systems: [
        { id: 'pay', name: { 'zh-CN': '支付', en: 'Payments' }, owners: [], freezeWindows: [SINGLES_DAY] },
      ],
    });
    const other = normalAtSignOff({ config, apply: false });
    other.act('alice', 'apply_for_launch');
    expect(other.release.stage).toBe('sign_off');
    const pay = normalAtSignOff({ config, values: { ...NORMAL_FORM, system: 'pay' }, apply: false });
    expect(reason(pay.give('alice', { type: 'act', action: 'apply_for_launch' })).en).toContain(
      'Singles Day freeze',
    );
  });

  it('a required input that is missing', () => {
    const h = new EngineHarness('normal', NORMAL_FORM);
    h.act('alice', 'submit_for_test');
    expect(reason(h.give('bob', { type: 'act', action: 'smoke_fail', input: {} })).en).toBe(
      'A required field is missing: reason.',
    );
  });

  it('a closed release takes no more commands', () => {
    const h = new EngineHarness('normal', NORMAL_FORM);
    h.ok('alice', { type: 'withdraw', reason: 'not needed' });
    expect(reason(h.give('alice', { type: 'act', action: 'submit_for_test' })).en).toBe(
      'This release is closed (withdrawn).',
    );
  });
});
