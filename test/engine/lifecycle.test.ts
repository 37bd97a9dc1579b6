import { describe, expect, it } from 'vitest';
import { normalAtSignOff } from './harness.js';

describe('withdraw, cancel, send back, delegate, add approver', () => {
  it('withdraw (撤回): only the requester, only before launch; those awaited are told', () => {
    const h = normalAtSignOff();
    expect(h.give('dave', { type: 'withdraw' })).toMatchObject({
      ok: false,
      refusal: { code: 'not_requester' },
    });
    h.ok('alice', { type: 'withdraw', reason: 'scope changed' });
    expect(h.release).toMatchObject({ status: 'withdrawn', awaiting: [], timers: [] });
    expect(h.lastEffects).toContainEqual(
      expect.objectContaining({ type: 'notify', about: 'withdrawn', to: ['dave', 'bob'] }),
    );
    expect(h.lastEffects).toContainEqual(expect.objectContaining({ type: 'cancel_timers' }));
  });

  it('withdraw after launch is refused', () => {
    const h = normalAtSignOff();
    h.ok('dave', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    h.act('alice', 'launch_complete');
    expect(h.give('alice', { type: 'withdraw' })).toMatchObject({
      ok: false,
      refusal: { code: 'already_launched' },
    });
  });

  it('cancel: requester, the release director or an admin; nobody else', () => {
    const h = normalAtSignOff();
    expect(h.give('mallory', { type: 'cancel' })).toMatchObject({
      ok: false,
      refusal: { code: 'cannot_cancel' },
    });
    h.ok('dave', { type: 'cancel', reason: 'duplicate' });
    expect(h.release.status).toBe('cancelled');
  });

  it('send back to an earlier stage, never forward', () => {
    const h = normalAtSignOff();
    expect(h.give('dave', { type: 'send_back', to: 'done', reason: 'x' })).toMatchObject({
      ok: false,
      refusal: { code: 'not_earlier_stage' },
    });
    h.ok('dave', { type: 'send_back', to: 'testing', reason: 'regression needed' });
    expect(h.release).toMatchObject({ stage: 'testing', awaiting: ['bob'] });
    expect(h.events.at(-1)).toMatchObject({
      what: 'send_back',
      comment: 'regression needed',
      stageBefore: 'sign_off',
      stageAfter: 'testing',
    });
  });

  it('delegate (转交) hands a pending decision on; not to the requester nor to a current approver', () => {
    const h = normalAtSignOff();
    expect(h.give('dave', { type: 'delegate', to: 'alice' })).toMatchObject({
      ok: false,
      refusal: { code: 'self_approval' },
    });
    expect(h.give('dave', { type: 'delegate', to: 'bob' })).toMatchObject({
      ok: false,
      refusal: { code: 'already_approver' },
    });
    h.ok('dave', { type: 'delegate', to: 'erin' });
    expect(h.release.awaiting.sort()).toEqual(['bob', 'erin']);
    expect(h.give('dave', { type: 'approve' })).toMatchObject({
      ok: false,
      refusal: { code: 'not_approver' },
    });
    h.ok('erin', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    expect(h.release.stage).toBe('launch');
  });

  it('add approver (加签): the gate then also waits for the added person', () => {
    const h = normalAtSignOff();
    h.ok('dave', { type: 'add_approver', person: 'oscar' });
    h.ok('dave', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    expect(h.release.stage).toBe('sign_off');
    expect(h.release.awaiting).toEqual(['oscar']);
    h.ok('oscar', { type: 'approve' });
    expect(h.release.stage).toBe('launch');
  });

  it('reject sends the release back with the reason, and the requester is told', () => {
    const h = normalAtSignOff();
    expect(h.give('dave', { type: 'reject', reason: ' ' })).toMatchObject({
      ok: false,
      refusal: { code: 'missing_input' },
    });
    h.ok('dave', { type: 'reject', reason: 'rollback plan missing' });
    expect(h.release.stage).toBe('launch_application');
    expect(h.lastEffects).toContainEqual({
      type: 'notify',
      to: ['alice'],
      about: 'rejected',
      params: { by: 'dave', reason: 'rollback plan missing' },
    });
  });

  it('a production problem loops back to a fix and to verification again', () => {
    const h = normalAtSignOff();
    h.ok('dave', { type: 'approve' });
    h.ok('bob', { type: 'approve' });
    h.act('alice', 'launch_complete');
    h.act('bob', 'production_problem', { problem: 'timeouts' });
    h.act('alice', 'fix_deployed');
    h.act('bob', 'verified');
    expect(h.release).toMatchObject({ status: 'done', loops: { production: 1 } });
    expect(h.release.records.production_problems?.[0]?.values).toEqual({ problem: 'timeouts' });
  });
});
