import { describe, expect, it } from 'vitest';
import { testConfig } from '../support/people.js';
import { flow, normalAtSignOff } from './harness.js';

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

  it('delegate (转交) hands a pending decision to another holder of its role: not to the requester, nor to someone without the role, nor to a current approver', () => {
    const h = normalAtSignOff();
    const refused = (to: string) => {
      const r = h.give('dave', { type: 'delegate', to });
      return r.ok ? undefined : r.refusal;
    };
    expect(refused('alice')).toEqual({ code: 'holder_is_requester', params: { who: 'alice' } });
    expect(refused('bob')).toMatchObject({ code: 'already_approver' });
    expect(refused('erin')).toEqual({ code: 'holder_lacks_role', params: { who: 'erin', role: 'director' } });
    expect(refused('zed')).toEqual({ code: 'holder_unknown', params: { who: 'zed' } });
    expect(refused('')).toEqual({ code: 'missing_input', params: { field: 'to' } });
    h.ok('bob', { type: 'delegate', to: 'carol' });
    expect(h.release.awaiting.sort()).toEqual(['carol', 'dave']);
    expect(h.give('bob', { type: 'approve' })).toMatchObject({
      ok: false,
      refusal: { code: 'not_approver' },
    });
    h.ok('carol', { type: 'approve' });
    h.ok('dave', { type: 'approve' });
    expect(h.release.stage).toBe('launch');
  });

  it('separation of duties holds for 转交 and 加签: whoever decided one slot of a gate takes no other, unless the flow allows it', () => {
    // Bob tests and could direct; he signs as tester, then Dave tries to hand him the director's slot.
    const config = testConfig({
      people: testConfig().people.map((p) => (p.id === 'bob' ? { ...p, roles: ['tester', 'director'] } : p)),
    });
    const h = normalAtSignOff({ config });
    h.ok('bob', { type: 'approve' });
    expect(h.give('dave', { type: 'delegate', to: 'bob' })).toMatchObject({
      ok: false,
      refusal: { code: 'holder_two_slots', params: { who: 'bob' } },
    });
    expect(h.give('dave', { type: 'add_approver', person: 'bob' })).toMatchObject({
      ok: false,
      refusal: { code: 'holder_two_slots' },
    });
    expect(h.give('dave', { type: 'add_approver', person: 'alice' })).toMatchObject({
      ok: false,
      refusal: { code: 'holder_is_requester' },
    });
    expect(h.give('dave', { type: 'add_approver', person: 'zed' })).toMatchObject({
      ok: false,
      refusal: { code: 'holder_unknown' },
    });
    const allowed = { ...flow('normal'), sameApproverForRoles: 'allowed' as const };
    const h2 = normalAtSignOff({ config, flow: allowed });
    h2.ok('bob', { type: 'approve' });
    h2.ok('dave', { type: 'delegate', to: 'bob' });
    h2.ok('bob', { type: 'approve' });
    expect(h2.release.stage).toBe('launch');
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
