import { peopleInRole } from '../domain/directory.js';
import type { GateSlot, PersonId, Release } from '../domain/types.js';
import type { GateSpec } from '../flow/schema.js';
import type { EngineContext } from './context.js';

/**
 * Opens a gate: one slot per (person, role) the gate names. The requester holds no slot unless the
 * flow lets requesters approve; sequential gates give each approver role its own step.
 */
export function openGate(gate: GateSpec, release: Release, ctx: EngineContext): GateSlot[] {
  const slots: GateSlot[] = [];
  gate.approvers.forEach((role, i) => {
    for (const person of peopleInRole(role, release, ctx.directory)) {
      if (person === release.requester && !ctx.flow.requesterMayApprove) continue;
      if (gate.executiveOnly && !ctx.directory.hasRole(person, 'executive')) continue;
      slots.push({ person, role, step: gate.sequential ? i : 0 });
    }
  });
  return slots;
}

/** The step now deciding: the lowest step that is not yet satisfied. */
function activeStep(gate: GateSpec, slots: readonly GateSlot[]): number {
  const steps = [...new Set(slots.map((s) => s.step))].sort((a, b) => a - b);
  for (const step of steps)
    if (
      !stepSatisfied(
        gate,
        slots.filter((s) => s.step === step),
      )
    )
      return step;
  return steps.at(-1) ?? 0;
}

function stepSatisfied(gate: GateSpec, slots: readonly GateSlot[]): boolean {
  if (!slots.length) return false;
  const approved = slots.filter((s) => s.decision === 'approved');
  const rule = gate.rule;
  if (rule === 'all') return approved.length === slots.length;
  if (rule === 'any') return approved.length > 0;
  if (rule === 'one_per_role') {
    const roles = new Set(slots.filter((s) => !s.addedBy).map((s) => s.role));
    const added = slots.filter((s) => s.addedBy);
    return (
      [...roles].every((r) => approved.some((s) => s.role === r)) &&
      added.every((s) => s.decision === 'approved')
    );
  }
  return (
    new Set(approved.map((s) => s.person)).size >= Math.min(rule.n, new Set(slots.map((s) => s.person)).size)
  );
}

export type GateState = 'open' | 'approved' | 'rejected';

export function gateState(gate: GateSpec, slots: readonly GateSlot[]): GateState {
  if (slots.some((s) => s.decision === 'rejected')) return 'rejected';
  const steps = [...new Set(slots.map((s) => s.step))];
  if (
    steps.length &&
    steps.every((step) =>
      stepSatisfied(
        gate,
        slots.filter((s) => s.step === step),
      ),
    )
  )
    return 'approved';
  return 'open';
}

/** Slots that may decide now: undecided, in the active step. */
export function activeSlots(gate: GateSpec, slots: readonly GateSlot[]): GateSlot[] {
  if (gateState(gate, slots) !== 'open') return [];
  const step = activeStep(gate, slots);
  return slots.filter((s) => s.step === step && !s.decision);
}

export function awaitingAtGate(gate: GateSpec, slots: readonly GateSlot[]): PersonId[] {
  return [...new Set(activeSlots(gate, slots).map((s) => s.person))];
}
