import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { createDirectory } from '../../src/domain/directory.js';
import type { FieldValue } from '../../src/domain/types.js';
import { createRelease, transition } from '../../src/engine/transition.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import { sayRefusal } from '../../src/i18n/say.js';
import { testConfigInput } from '../support/people.js';
import { EngineHarness, flow, NORMAL_FORM } from './harness.js';

/** The test cast, with extra people (two more executives) where a test needs several per role. */
function teamOf(extra: Record<string, unknown>[] = [], overrides: Record<string, unknown> = {}) {
  const base = testConfigInput(overrides);
  return parseConfig({ ...base, people: [...(base.people as Record<string, unknown>[]), ...extra] });
}
const FRANK = { id: 'frank', name: 'Frank', roles: ['executive'], slack: 'U_FRANK', feishu: 'ou_frank' };
const GINA = { id: 'gina', name: 'Gina', roles: ['executive'], slack: 'U_GINA', feishu: 'ou_gina' };

const EMERGENCY: Record<string, FieldValue> = {
  title: 'Hotfix',
  system: 'pay',
  reason_category: 'severe_bug',
  justification: 'p0',
  tester: ['bob'],
  director: 'dave',
};
const ENTERPRISE: Record<string, FieldValue> = {
  title: 'Ledger v3',
  system: 'ledger',
  release_object: 'upgrade',
  method: 'planned',
  window_start: '2026-11-28T20:00:00+08:00',
  window_end: '2026-11-28T23:00:00+08:00',
  tester: ['bob', 'carol'],
  ops: 'oscar',
  director: 'dave',
  business: 'bella',
  observation_days: 7,
};

/** Why creating a release was refused, as the requester reads it in English. */
function refusedAtCreation(
  flowSpec: FlowSpec,
  values: Record<string, FieldValue>,
  requester: string,
  config = teamOf(),
) {
  const result = createRelease(
    { number: 1, values, origin: { platform: 'local', channel: 'team' } },
    { person: requester, platform: 'local' },
    {
      flow: flowSpec,
      config,
      directory: createDirectory(config.people),
      now: new Date('2026-11-24T02:00:00Z'),
    },
  );
  if (result.ok) throw new Error('expected the release to be refused');
  return { en: sayRefusal(result.refusal, 'en'), zh: sayRefusal(result.refusal, 'zh-CN') };
}

function atSignOff(h: EngineHarness) {
  h.act('alice', 'submit_for_test');
  h.act('bob', 'smoke_pass');
  h.act('bob', 'tests_passed');
  h.act('bob', 'file_test_report', { report: 'https://wiki/r', summary: 'ok' });
  h.act('alice', 'apply_for_launch');
  return h;
}

describe('who decides a gate, with several people per role', () => {
  it('all: two testers and the director must each sign', () => {
    const h = atSignOff(new EngineHarness('normal', { ...NORMAL_FORM, tester: ['bob', 'carol'] }));
    expect(h.release.awaiting.sort()).toEqual(['bob', 'carol', 'dave']);
    h.ok('bob', { type: 'approve' });
    h.ok('dave', { type: 'approve' });
    expect(h.release.stage).toBe('sign_off');
    expect(h.release.awaiting).toEqual(['carol']);
    h.ok('carol', { type: 'approve' });
    expect(h.release.stage).toBe('launch');
  });

  it('any: one of three executives approves the emergency, the others are no longer asked', () => {
    const h = new EngineHarness('emergency', EMERGENCY, { config: teamOf([FRANK, GINA]) });
    expect(h.release.awaiting.sort()).toEqual(['erin', 'frank', 'gina']);
    h.ok('gina', { type: 'approve' });
    expect(h.release.stage).toBe('testing');
    expect(h.give('erin', { type: 'approve' }).ok).toBe(false);
  });

  it('n of M: three approvers, two suffice, the third is not asked after', () => {
    const base = flow('normal');
    const twoOfThree: FlowSpec = {
      ...base,
      stages: base.stages.map((s) => (s.gate ? { ...s, gate: { ...s.gate, rule: { n: 2 } } } : s)),
    };
    const h = atSignOff(
      new EngineHarness('normal', { ...NORMAL_FORM, tester: ['bob', 'carol'] }, { flow: twoOfThree }),
    );
    expect(h.release.awaiting.sort()).toEqual(['bob', 'carol', 'dave']);
    h.ok('carol', { type: 'approve' });
    expect(h.release.stage).toBe('sign_off');
    h.ok('dave', { type: 'approve' });
    expect(h.release.stage).toBe('launch');
    expect(h.release.gate).toBeUndefined();
  });

  it('n of M with fewer eligible people than n is refused when the release is created', () => {
    const base = flow('normal');
    const threeOfThree: FlowSpec = {
      ...base,
      stages: base.stages.map((s) => (s.gate ? { ...s, gate: { ...s.gate, rule: { n: 3 } } } : s)),
    };
    expect(refusedAtCreation(threeOfThree, NORMAL_FORM, 'alice').en).toBe(
      'Nobody could pass "Sign-off by director and tester": it needs 3 approvers, and only 2 are eligible. ' +
        'Whoever keeps the team config can fix it: add someone with the role Technical director, Tester(s), or set a deputy and approverIsRequester.',
    );
  });

  /** An enterprise release run to its launch report, on `spec` (the shipped flow unless given). */
  function atLaunchReport(values: Record<string, FieldValue>, spec = flow('enterprise')) {
    const h = new EngineHarness('enterprise', values, { requester: 'alice', flow: spec });
    h.act('alice', 'submit_plan', { plan: 'https://wiki/plan', risks: 'low' });
    for (const item of spec.stages.find((s) => s.id === 'preparation')!.checklist!.items)
      h.ok(item.owner === 'requester' ? 'alice' : item.owner === 'tester' ? 'bob' : 'oscar', {
        type: 'tick',
        item: item.id,
      });
    h.act('alice', 'submit_for_approval');
    h.ok('dave', { type: 'approve' });
    h.ok('oscar', { type: 'approve' });
    for (const item of ['backup', 'deploy', 'configure', 'migrate']) h.ok('oscar', { type: 'tick', item });
    h.ok('bob', { type: 'tick', item: 'smoke_check' });
    h.act('oscar', 'launch_complete');
    expect(h.release.stage).toBe('launch_report');
    return h;
  }

  it('n of M in the shipped enterprise flow: the launch report has three approvers, two suffice', () => {
    const h = atLaunchReport({ ...ENTERPRISE, tester: ['bob'] });
    expect(h.release.awaiting.sort()).toEqual(['bella', 'bob', 'oscar']);
    h.ok('bella', { type: 'approve' });
    expect(h.release.stage).toBe('launch_report');
    expect(h.release.awaiting.sort()).toEqual(['bob', 'oscar']);
    h.ok('oscar', { type: 'approve' });
    expect(h.release.stage).toBe('observation');
    expect(h.events.filter((e) => e.what === 'approve' && e.stageBefore === 'launch_report').length).toBe(2);
  });

  it('one per role: one of two testers, the ops owner and the business confirmer pass the launch report', () => {
    const base = flow('enterprise');
    const onePerRole: FlowSpec = {
      ...base,
      stages: base.stages.map((s) =>
        s.id === 'launch_report' && s.gate ? { ...s, gate: { ...s.gate, rule: 'one_per_role' as const } } : s,
      ),
    };
    const h = atLaunchReport(ENTERPRISE, onePerRole);
    expect(h.release.awaiting.sort()).toEqual(['bella', 'bob', 'carol', 'oscar']);
    h.ok('carol', { type: 'approve' });
    h.ok('oscar', { type: 'approve' });
    // The testers' role is done once carol signed: bob is no longer asked.
    expect(h.release.awaiting).toEqual(['bella']);
    h.ok('bella', { type: 'approve' });
    expect(h.release.stage).toBe('observation');
  });
});

describe('separation of duties', () => {
  it('a requester named as director is never dropped silently: the release is refused', () => {
    expect(refusedAtCreation(flow('normal'), NORMAL_FORM, 'dave').en).toMatch(
      /^Nobody could pass "Sign-off by director and tester": the requester is the only Technical director/,
    );
  });

  it('one person in two roles of a gate is refused, unless the flow allows it', () => {
    const config = teamOf([], {});
    config.people = config.people.map((p) => (p.id === 'dave' ? { ...p, roles: ['director', 'tester'] } : p));
    const values = { ...NORMAL_FORM, tester: ['dave'] };
    expect(refusedAtCreation(flow('normal'), values, 'alice', config).en).toMatch(
      /^Nobody could pass "Sign-off by director and tester": everyone holding the role Tester\(s\) already approves this gate in another role/,
    );
    const allowed: FlowSpec = { ...flow('normal'), sameApproverForRoles: 'allowed' };
    const h = new EngineHarness('normal', values, { config, flow: allowed });
    h.act('alice', 'submit_for_test');
    h.act('dave', 'smoke_pass');
    h.act('dave', 'tests_passed');
    h.act('dave', 'file_test_report', { report: 'https://wiki/r', summary: 'ok' });
    h.act('alice', 'apply_for_launch');
    expect(h.release.gate?.slots.map((s) => [s.person, s.role])).toEqual([
      ['dave', 'director'],
      ['dave', 'tester'],
    ]);
  });
});

describe('a gate nobody eligible could pass, and the approverIsRequester policy', () => {
  it('refuse (default): the only executive raising an emergency is told at creation, in both languages', () => {
    const said = refusedAtCreation(flow('emergency'), EMERGENCY, 'erin');
    expect(said.en).toBe(
      'Nobody could pass "Executive approval of the emergency": the requester holds the role Executive, ' +
        'and the team policy refuses a requester as approver (approverIsRequester: refuse). ' +
        'Whoever keeps the team config can fix it: add someone with the role Executive, or set a deputy and approverIsRequester.',
    );
    expect(said.zh).toMatch(/^没有人能通过「高管审批紧急上线申请」：申请人担任高管，/);
  });

  it('names the admins who can fix it, when the config has some', () => {
    const config = teamOf([{ id: 'ada', name: 'Ada', roles: ['admin'] }]);
    expect(refusedAtCreation(flow('emergency'), EMERGENCY, 'erin', config).en).toContain(
      'An admin (Ada) can fix it',
    );
  });

  it('a role nobody holds is caught at creation', () => {
    const config = teamOf();
    config.people = config.people.filter((p) => p.id !== 'erin');
    expect(refusedAtCreation(flow('emergency'), EMERGENCY, 'alice', config).en).toMatch(
      /: nobody in the team config holds the role Executive\./,
    );
  });

  it('other_holder: the other executives decide, and the audit trail records the policy', () => {
    const config = teamOf([FRANK], { approverIsRequester: 'other_holder' });
    const h = new EngineHarness('emergency', EMERGENCY, { config, requester: 'erin' });
    expect(h.release.awaiting).toEqual(['frank']);
    expect(h.events[0]?.data?.approverIsRequester).toEqual([
      { policy: 'other_holder', role: 'executive', to: ['frank'] },
    ]);
    // Alone in the role, other_holder has nobody to hand to.
    expect(
      refusedAtCreation(
        flow('emergency'),
        EMERGENCY,
        'erin',
        teamOf([], { approverIsRequester: 'other_holder' }),
      ).en,
    ).toMatch(/: the requester is the only Executive, and a requester never approves their own release\./);
  });

  it('deputy: the requester’s deputy decides in their place, and the audit trail records it', () => {
    const config = teamOf([], { approverIsRequester: 'deputy' });
    config.people = config.people.map((p) => (p.id === 'erin' ? { ...p, deputy: 'dave' } : p));
    const h = new EngineHarness('emergency', EMERGENCY, { config, requester: 'erin' });
    expect(h.release.gate?.slots).toEqual([
      { person: 'dave', role: 'executive', step: 0, standInFor: 'erin' },
    ]);
    expect(h.events[0]?.data?.approverIsRequester).toEqual([
      { policy: 'deputy', role: 'executive', to: ['dave'] },
    ]);
    h.ok('dave', { type: 'approve' });
    expect(h.release.stage).toBe('testing');
    // Without a deputy configured, the release is refused.
    expect(
      refusedAtCreation(flow('emergency'), EMERGENCY, 'erin', teamOf([], { approverIsRequester: 'deputy' }))
        .en,
    ).toMatch(
      /: the requester holds the role Executive, and the team policy hands their place to their deputy, but none is configured\./,
    );
  });

  it('a gate that became unpassable since creation is refused when its stage is entered, changing nothing', () => {
    const h = new EngineHarness('emergency', EMERGENCY);
    h.ok('erin', { type: 'approve' });
    // Erin has left the team since: sending the release back to the executive approval finds nobody.
    const ctx = h.ctx();
    const config = { ...ctx.config, people: ctx.config.people.filter((p) => p.id !== 'erin') };
    const before = h.release;
    const r = transition(
      h.release,
      { command: { type: 'send_back', to: 'emergency_approval', reason: 'scope changed' } },
      { person: 'bob', platform: 'local' },
      { ...ctx, config, directory: createDirectory(config.people) },
    );
    if (r.ok) throw new Error('expected a refusal');
    expect(sayRefusal(r.refusal, 'en')).toMatch(
      /^Nobody could pass "Executive approval of the emergency": nobody in the team config holds the role Executive\./,
    );
    expect(h.release).toBe(before);
  });
});
