import type { Actor, GateSlot, PersonId, Refusal, Release } from '../domain/types.js';
import type { GateSpec } from '../flow/schema.js';
import { type EngineContext, type Outcome, refuse, stageOf } from './context.js';
import { activeSlots, gateState } from './gate.js';
import { checkSignOff } from './launch-checks.js';
import { enterStage } from './stage.js';

function currentGate(release: Release, ctx: EngineContext): { gate: GateSpec; slots: GateSlot[] } {
  const gate = stageOf(ctx.flow, release.stage).gate;
  if (!gate || !release.gate) return refuse('invalid_in_stage', { stage: release.stage });
  return { gate, slots: release.gate.slots };
}

/** The checks every gate decision shares, in the order a user's mistake is most usefully named. */
function decidingSlots(
  release: Release,
  actor: Actor,
  ctx: EngineContext,
): { gate: GateSpec; mine: GateSlot[] } {
  const { gate, slots } = currentGate(release, ctx);
  if (actor.person === release.requester && !ctx.flow.requesterMayApprove) refuse('self_approval');
  const held = slots.filter((s) => s.person === actor.person);
  // A deputy standing in for the requester decides in their place, executive or not.
  const standsIn = held.some((s) => s.standInFor);
  if (gate.executiveOnly && !standsIn && !ctx.directory.hasRole(actor.person, 'executive'))
    refuse('not_executive');
  if (!held.length) refuse('not_approver');
  if (held.every((s) => s.decision)) refuse('already_decided');
  const mine = activeSlots(gate, slots).filter((s) => s.person === actor.person);
  if (!mine.length) refuse('not_your_turn');
  return { gate, mine };
}

/** People other than `except` who approved in the release's current gate. */
export function approvedBy(release: Release, except: PersonId): PersonId[] {
  return [
    ...new Set(
      (release.gate?.slots ?? [])
        .filter((s) => s.decision === 'approved' && s.person !== except)
        .map((s) => s.person),
    ),
  ];
}

function decide(
  release: Release,
  mine: GateSlot[],
  decision: 'approved' | 'rejected',
  ctx: EngineContext,
  comment?: string,
): Release {
  const at = ctx.now.toISOString();
  const slots = (release.gate?.slots ?? []).map((s) =>
    mine.includes(s) ? { ...s, decision, at, ...(comment ? { comment } : {}) } : s,
  );
  return { ...release, gate: { slots } };
}

export function approve(release: Release, actor: Actor, ctx: EngineContext, comment?: string): Outcome {
  const { gate, mine } = decidingSlots(release, actor, ctx);
  checkSignOff(release, ctx);
  let next = decide(release, mine, 'approved', ctx, comment);
  if (gateState(gate, next.gate?.slots ?? []) === 'approved') next = enterStage(next, gate.onApprove, ctx);
  return { release: next, effects: [], what: 'approve', ...(comment ? { comment } : {}) };
}

export function reject(release: Release, actor: Actor, ctx: EngineContext, reason: string): Outcome {
  const { gate, mine } = decidingSlots(release, actor, ctx);
  if (!reason.trim()) refuse('missing_input', { field: 'reason' });
  const decided = decide(release, mine, 'rejected', ctx, reason);
  const next = enterStage(decided, gate.onReject, ctx);
  // Those who had approved: their approval no longer counts, and they hear it rather than find it.
  const reset = approvedBy(release, actor.person).filter((p) => p !== release.requester);
  return {
    release: next,
    effects: [
      { type: 'notify', to: [release.requester], about: 'rejected', params: { by: actor.person, reason } },
      {
        type: 'notify',
        to: reset,
        about: 'approval_reset',
        params: { by: actor.person, reason, stage: release.stage, cause: 'reject' },
      },
    ],
    what: 'reject',
    comment: reason,
  };
}

/** Slot roles no configured role stands behind: an added approver (加签), the requester. */
const UNHELD_ROLES = new Set<string>(['added', 'requester']);

/**
 * Why `person` may not take a slot of the current gate, or nothing: handed the slots `handed` (转交), or
 * added (加签) when `handed` is empty. The rules of the release form hold here too — someone the team
 * config knows, holding the slot's role (an executive at an executive-only gate), never the requester,
 * and (separation of duties) never someone who already fills another slot of the gate.
 */
export function newHolderRefusal(
  release: Release,
  person: PersonId,
  handed: readonly GateSlot[],
  ctx: EngineContext,
): Refusal | undefined {
  const gate = stageOf(ctx.flow, release.stage).gate;
  const slots = release.gate?.slots ?? [];
  const who = { who: person };
  if (!ctx.directory.get(person)) return { code: 'holder_unknown', params: who };
  if (person === release.requester && !ctx.flow.requesterMayApprove)
    return { code: 'holder_is_requester', params: who };
  const others = slots.filter((s) => s.person === person && !handed.includes(s));
  if (others.some((s) => !s.decision)) return { code: 'already_approver', params: who };
  if (others.length && ctx.flow.sameApproverForRoles !== 'allowed')
    return { code: 'holder_two_slots', params: who };
  const roles = [
    ...new Set([...(gate?.executiveOnly ? ['executive'] : []), ...handed.map((s) => s.role)]),
  ].filter((r) => !UNHELD_ROLES.has(r));
  const lacking = roles.find((r) => !ctx.directory.hasRole(person, r));
  if (lacking) return { code: 'holder_lacks_role', params: { ...who, role: lacking } };
  return undefined;
}

/** The slots `actor` would hand over with 转交: their pending ones. */
export function handedSlots(release: Release, actor: PersonId): GateSlot[] {
  return (release.gate?.slots ?? []).filter((s) => s.person === actor && !s.decision);
}

function checkNewHolder(
  release: Release,
  person: PersonId,
  handed: readonly GateSlot[],
  field: string,
  ctx: EngineContext,
) {
  if (!person) refuse('missing_input', { field });
  const refusal = newHolderRefusal(release, person, handed, ctx);
  if (refusal) refuse(refusal.code, refusal.params);
}

/** 转交: hands the actor's pending decision to another person. */
export function delegate(
  release: Release,
  actor: Actor,
  to: PersonId,
  ctx: EngineContext,
  comment?: string,
): Outcome {
  const { slots } = currentGate(release, ctx);
  const held = handedSlots(release, actor.person);
  if (!held.length) refuse(slots.some((s) => s.person === actor.person) ? 'already_decided' : 'not_approver');
  checkNewHolder(release, to, held, 'to', ctx);
  const next = slots.map((s) => (held.includes(s) ? { ...s, person: to, delegatedFrom: actor.person } : s));
  return {
    release: { ...release, gate: { slots: next } },
    effects: [{ type: 'notify', to: [to], about: 'delegated_to_you', params: { by: actor.person } }],
    what: 'delegate',
    data: { to },
    ...(comment ? { comment } : {}),
  };
}

/** 加签: an approver adds another approver at their own step; the gate then also needs them. */
export function addApprover(
  release: Release,
  actor: Actor,
  person: PersonId,
  ctx: EngineContext,
  comment?: string,
): Outcome {
  const { slots } = currentGate(release, ctx);
  const mine = slots.find((s) => s.person === actor.person);
  if (!mine) refuse('not_approver');
  checkNewHolder(release, person, [], 'person', ctx);
  const added: GateSlot = { person, role: 'added', step: mine.step, addedBy: actor.person };
  return {
    release: { ...release, gate: { slots: [...slots, added] } },
    effects: [{ type: 'notify', to: [person], about: 'added_as_approver', params: { by: actor.person } }],
    what: 'add_approver',
    data: { person },
    ...(comment ? { comment } : {}),
  };
}
