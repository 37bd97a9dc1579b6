import type { Actor, GateSlot, PersonId, Release } from '../domain/types.js';
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
  return {
    release: next,
    effects: [
      { type: 'notify', to: [release.requester], about: 'rejected', params: { by: actor.person, reason } },
    ],
    what: 'reject',
    comment: reason,
  };
}

/** Checks that `person` may take a slot in this gate (not the requester, an executive where needed, not holding one). */
function checkNewHolder(release: Release, gate: GateSpec, person: PersonId, ctx: EngineContext) {
  if (person === release.requester && !ctx.flow.requesterMayApprove) refuse('self_approval');
  if (gate.executiveOnly && !ctx.directory.hasRole(person, 'executive')) refuse('not_executive');
  if (release.gate?.slots.some((s) => s.person === person && !s.decision))
    refuse('already_approver', { person });
}

/** 转交: hands the actor's pending decision to another person. */
export function delegate(
  release: Release,
  actor: Actor,
  to: PersonId,
  ctx: EngineContext,
  comment?: string,
): Outcome {
  const { gate, slots } = currentGate(release, ctx);
  const held = slots.filter((s) => s.person === actor.person && !s.decision);
  if (!held.length) refuse(slots.some((s) => s.person === actor.person) ? 'already_decided' : 'not_approver');
  checkNewHolder(release, gate, to, ctx);
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
  const { gate, slots } = currentGate(release, ctx);
  const mine = slots.find((s) => s.person === actor.person);
  if (!mine) refuse('not_approver');
  checkNewHolder(release, gate, person, ctx);
  const added: GateSlot = { person, role: 'added', step: mine.step, addedBy: actor.person };
  return {
    release: { ...release, gate: { slots: [...slots, added] } },
    effects: [{ type: 'notify', to: [person], about: 'added_as_approver', params: { by: actor.person } }],
    what: 'add_approver',
    data: { person },
    ...(comment ? { comment } : {}),
  };
}
