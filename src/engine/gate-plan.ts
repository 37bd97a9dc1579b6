import type { ApproverIsRequester } from '../config/schema.js';
import type { GateSlot, PersonId, Release } from '../domain/types.js';
import type { GateSpec } from '../flow/schema.js';
import type { EngineContext } from './context.js';

/** Why a role of a gate has nobody who may decide it. */
export type MissingWhy =
  /** Nobody holds the role (none named on the form, none in the config). */
  | 'no_holder'
  /** The requester holds the role and the team's policy is to refuse (`approverIsRequester: refuse`). */
  | 'requester_refused'
  /** The requester is the role's only holder, and no other holder or deputy can take their place. */
  | 'only_requester'
  /** The policy hands the requester's place to their deputy, and none is configured. */
  | 'no_deputy'
  /** Every holder already fills another role of the gate (one person, one slot). */
  | 'taken'
  /** An n-of-M gate with fewer than n eligible people. */
  | 'too_few';

export interface MissingRole {
  role: string;
  why: MissingWhy;
  /** For `too_few`: how many are needed and how many there are. */
  need?: number;
  have?: number;
}

/** The team policy applied because the requester held a role of the gate (recorded in the audit trail). */
export interface PolicyApplied {
  policy: ApproverIsRequester;
  role: string;
  /** Who decides instead: the deputy, or the role's other holders. */
  to: PersonId[];
}

export interface GatePlan {
  slots: GateSlot[];
  missing: MissingRole[];
  applied: PolicyApplied[];
}

/**
 * Who holds the slots of a gate, by the rules of separation of duties: the requester never approves
 * their own release (unless the flow lets requesters approve), and one person fills at most one role
 * of a gate (unless the flow allows it). People named on the form keep the role they were named for;
 * roles drawn from the config go, fewest holders first, to holders not already deciding this gate.
 * A role left with nobody is reported as missing — never silently dropped.
 */
export function planGate(gate: GateSpec, release: Release, ctx: EngineContext): GatePlan {
  const { directory, flow, config } = ctx;
  const requester = release.requester;
  const allowSame = flow.sameApproverForRoles === 'allowed';
  const roles = gate.approvers.map((role, step) => {
    const named = role === 'requester' ? [requester] : (release.people[role] ?? []);
    const fromForm = named.length > 0;
    return { role, step, fromForm, candidates: fromForm ? [...named] : directory.withRole(role) };
  });
  const order = [...roles].sort(
    (a, b) =>
      Number(b.fromForm) - Number(a.fromForm) || a.candidates.length - b.candidates.length || a.step - b.step,
  );
  const taken = new Set<PersonId>();
  const slots: GateSlot[] = [];
  const missing: MissingRole[] = [];
  const applied: PolicyApplied[] = [];
  for (const r of order) {
    let people = gate.executiveOnly
      ? r.candidates.filter((p) => directory.hasRole(p, 'executive'))
      : r.candidates;
    const standIns = new Set<PersonId>();
    let why: MissingWhy = 'no_holder';
    if (people.includes(requester) && !flow.requesterMayApprove) {
      people = people.filter((p) => p !== requester);
      // The form refuses a requester naming themselves; the policy is about roles the config fills.
      const policy = config.approverIsRequester;
      if (r.fromForm) why = 'only_requester';
      else if (policy === 'refuse') {
        missing.push({ role: r.role, why: 'requester_refused' });
        continue;
      } else if (policy === 'other_holder') {
        why = 'only_requester';
        if (people.length) applied.push({ policy, role: r.role, to: people });
      } else {
        const deputy = directory.get(requester)?.deputy;
        why = 'no_deputy';
        if (deputy && deputy !== requester) {
          if (!people.includes(deputy)) people = [...people, deputy];
          standIns.add(deputy);
          applied.push({ policy, role: r.role, to: [deputy] });
        }
      }
    }
    if (!allowSame) {
      const free = people.filter((p) => !taken.has(p));
      if (people.length && !free.length) why = 'taken';
      people = free;
    }
    if (!people.length) {
      missing.push({ role: r.role, why });
      continue;
    }
    for (const person of people) {
      taken.add(person);
      slots.push({
        person,
        role: r.role,
        step: gate.sequential ? r.step : 0,
        ...(standIns.has(person) ? { standInFor: requester } : {}),
      });
    }
  }
  if (typeof gate.rule === 'object') {
    const have = new Set(slots.map((s) => s.person)).size;
    if (!missing.length && have < gate.rule.n)
      missing.push({ role: gate.approvers.join(', '), why: 'too_few', need: gate.rule.n, have });
  }
  slots.sort((a, b) => a.step - b.step || gate.approvers.indexOf(a.role) - gate.approvers.indexOf(b.role));
  return { slots, missing, applied };
}
