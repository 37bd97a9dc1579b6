import { describe, expect, it } from 'vitest';
import { EngineHarness, NORMAL_FORM } from './harness.js';

describe('normal release (A1)', () => {
  it('goes from submission to done through both loops, sign-offs, launch and verification', () => {
    const h = new EngineHarness('normal', NORMAL_FORM);
    expect(h.release).toMatchObject({
      id: 'REL-1',
      stage: 'development',
      awaiting: ['alice'],
      flowVersion: 2,
    });
    h.act('alice', 'submit_for_test', { build: '1.0.0' });
    expect(h.release.awaiting).toEqual(['bob']);
    h.act('bob', 'smoke_fail', { reason: 'login page 500', bugs: ['https://zentao.example/bug-1'] });
    expect(h.release).toMatchObject({ stage: 'development', loops: { smoke: 1 } });
    h.act('alice', 'submit_for_test');
    h.act('bob', 'smoke_pass');
    h.act('bob', 'report_bugs', { bugs: ['https://zentao.example/bug-2'], count: 1 });
    expect(h.release).toMatchObject({ stage: 'fixing', loops: { smoke: 1, bugs: 1 } });
    h.act('alice', 'fixes_ready', { note: 'fixed' });
    h.act('bob', 'tests_passed');
    h.act('bob', 'file_test_report', { report: 'https://wiki/report', summary: 'all green' });
    h.act('alice', 'apply_for_launch');
    expect(h.release.stage).toBe('sign_off');
    expect(h.release.awaiting.sort()).toEqual(['bob', 'dave']);
    const signOff = h.release.stageEntry;
    h.ok('dave', { type: 'approve' });
    expect(h.release.stage).toBe('sign_off');
    // The stage stays, so only Dave's own cards are brought up to date; nobody's are closed.
    expect(h.lastEffects).toContainEqual({ type: 'refresh_cards', person: 'dave', stageEntry: signOff });
    expect(h.lastEffects.some((e) => e.type === 'close_cards')).toBe(false);
    h.ok('bob', { type: 'approve', comment: 'ok' });
    expect(h.release.stage).toBe('launch');
    // Both decisions travel with the closing, so each signer's card keeps their own after the stage moves.
    expect(h.lastEffects).toContainEqual({
      type: 'close_cards',
      stageEntry: signOff,
      outcome: 'approve',
      decisions: [
        expect.objectContaining({ person: 'dave', decision: 'approved' }),
        expect.objectContaining({ person: 'bob', decision: 'approved', comment: 'ok' }),
      ],
    });
    expect(h.lastEffects.some((e) => e.type === 'refresh_cards')).toBe(false);
    h.act('alice', 'launch_complete');
    expect(h.lastEffects).toContainEqual({ type: 'announce', what: 'launch' });
    expect(h.release.launchedAt).toBeDefined();
    h.act('bob', 'verified');
    expect(h.release).toMatchObject({ status: 'done', stage: 'done', awaiting: [], timers: [] });
    expect(h.verify()).toEqual({ ok: true, count: h.events.length });
  });
});
