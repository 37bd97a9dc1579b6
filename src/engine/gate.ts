import type { GateSlot, PersonId, Release } from '../domain/types.js';
import type { GateSpec, StageSpec } from '../flow/schema.js';
import { type EngineContext, refuse } from './context.js';
import { planGate } from './gate-plan.js';
import { unpassableGate } from './gate-refusal.js';

/**
 * Opens a gate: one slot per (person, role) the gate names (see `planGate` for who may hold one);
 * sequential gates give each approver role its own step. A gate that nobody eligible could pass is
 * refused, naming what is missing and who can fix it, instead of waiting on nobody.
 */
export function openGate(
  stage: StageSpec & { gate: GateSpec },
  release: Release,
  ctx: EngineContext,
): GateSlot[] {
  const plan = planGate(stage.gate, release, ctx);
  const first = plan.missing[0];
  if (first) refuse('no_eligible_approver', unpassableGate(stage, first, ctx));
  return plan.slots;
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

/**
 * Slots that may decide now: undecided, in the active step. At a one-per-role gate a role already
 * approved by one of its holders asks its other holders nothing more.
 */
export function activeSlots(gate: GateSpec, slots: readonly GateSlot[]): GateSlot[] {
  if (gateState(gate, slots) !== 'open') return [];
  const step = activeStep(gate, slots);
  const here = slots.filter((s) => s.step === step);
  const done = new Set(
    gate.rule === 'one_per_role'
      ? here.filter((s) => s.decision === 'approved' && !s.addedBy).map((s) => s.role)
      : [],
  );
  return here.filter((s) => !s.decision && (s.addedBy || !done.has(s.role)));
}

export function awaitingAtGate(gate: GateSpec, slots: readonly GateSlot[]): PersonId[] {
  return [...new Set(activeSlots(gate, slots).map((s) => s.person))];
}
