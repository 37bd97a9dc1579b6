/**
 * The authorization rules of DESIGN.md written out once more, independently of src/engine: who may
 * give which command at a stage, read only from the flow file and the cast. The matrix test compares
 * the engine's verdicts with these.
 */
import type { GoliveConfig } from '../../src/config/schema.js';
import type { Command, FieldValue } from '../../src/domain/types.js';
import type { FieldSpec, FlowSpec, GateSpec, StageSpec } from '../../src/flow/schema.js';

export const REQUESTER = 'alice';

/** Who a role means on a release: the requester, the people its form named, else the config's holders. */
export function holders(
  role: string,
  flow: FlowSpec,
  form: Record<string, FieldValue>,
  config: GoliveConfig,
): string[] {
  if (role === 'requester') return [REQUESTER];
  const field = flow.form.find((f) => f.role === role);
  const named = field ? form[field.id] : undefined;
  if (named !== undefined) return Array.isArray(named) ? named : [String(named)];
  return config.people.filter((p) => p.roles.includes(role)).map((p) => p.id);
}

const isExecutive = (config: GoliveConfig, person: string) =>
  config.people.some((p) => p.id === person && p.roles.includes('executive'));

export interface Rules {
  flow: FlowSpec;
  form: Record<string, FieldValue>;
  config: GoliveConfig;
}

/** Gate seats at a freshly entered gate: (person, step); the requester and non-executives may be barred. */
export function seats(r: Rules, gate: GateSpec): { person: string; step: number }[] {
  return gate.approvers.flatMap((role, i) =>
    holders(role, r.flow, r.form, r.config)
      .filter((p) => p !== REQUESTER || r.flow.requesterMayApprove)
      .filter((p) => !gate.executiveOnly || isExecutive(r.config, p))
      .map((person) => ({ person, step: gate.sequential ? i : 0 })),
  );
}

/** Who decides first at a fresh gate. */
export function firstDeciders(r: Rules, gate: GateSpec): string[] {
  const all = seats(r, gate);
  const first = Math.min(...all.map((s) => s.step));
  return [...new Set(all.filter((s) => s.step === first).map((s) => s.person))];
}

/** Who the release waits for right after entering the stage. */
function awaited(r: Rules, stage: StageSpec): string[] {
  if (stage.gate) return firstDeciders(r, stage.gate);
  const items = stage.checklist?.items ?? [];
  if (items.length) {
    const owed = stage.checklist?.ordered ? items.slice(0, 1) : items;
    return owed.flatMap((i) => holders(i.owner, r.flow, r.form, r.config));
  }
  return stage.actors.flatMap((a) => holders(a, r.flow, r.form, r.config));
}

/** May someone become an approver of this gate (delegation, 加签)? */
function eligibleSeat(r: Rules, gate: GateSpec, person: string, handedRoles: readonly string[]): boolean {
  const known = r.config.people.find((p) => p.id === person);
  if (!known) return false;
  if (person === REQUESTER && !r.flow.requesterMayApprove) return false;
  // The new holder holds every role of the slots handed over (an executive at an executive-only gate).
  const roles = [...(gate.executiveOnly ? ['executive'] : []), ...handedRoles].filter(
    (role) => role !== 'requester',
  );
  if (!roles.every((role) => known.roles.includes(role))) return false;
  return !seats(r, gate).some((s) => s.person === person);
}

/** The roles whose seats `person` holds at a fresh gate (what a 转交 hands over). */
function seatRoles(r: Rules, gate: GateSpec, person: string): string[] {
  return gate.approvers.filter(
    (role) =>
      holders(role, r.flow, r.form, r.config).includes(person) &&
      (person !== REQUESTER || r.flow.requesterMayApprove) &&
      (!gate.executiveOnly || isExecutive(r.config, person)),
  );
}

export interface Situation {
  stage: StageSpec;
  /** The launch already happened (stages after the launch action). */
  launched: boolean;
}

/** The expected verdict for `person` giving `command` at a freshly entered stage. */
export function mayGive(r: Rules, at: Situation, person: string, command: Command): boolean {
  const { stage } = at;
  const inRoles = (roles: readonly string[]) =>
    roles.some((role) => holders(role, r.flow, r.form, r.config).includes(person));
  switch (command.type) {
    case 'act': {
      const action = stage.actions.find((a) => a.id === command.action);
      if (!action) return false;
      return (
        inRoles(action.by) && !action.pipelineOnly && (!action.executiveOnly || isExecutive(r.config, person))
      );
    }
    case 'approve':
    case 'reject':
      return stage.gate ? firstDeciders(r, stage.gate).includes(person) : false;
    case 'delegate':
      return Boolean(
        stage.gate &&
          seats(r, stage.gate).some((s) => s.person === person) &&
          eligibleSeat(r, stage.gate, command.to, seatRoles(r, stage.gate, person)),
      );
    case 'add_approver':
      return Boolean(
        stage.gate &&
          seats(r, stage.gate).some((s) => s.person === person) &&
          eligibleSeat(r, stage.gate, command.person, []),
      );
    case 'tick': {
      const items = stage.checklist?.items ?? [];
      const item = items.find((i) => i.id === command.item);
      if (!item) return false;
      if (stage.checklist?.ordered && items[0]?.id !== item.id) return false;
      return inRoles([item.owner]);
    }
    case 'withdraw':
      return person === REQUESTER && !at.launched;
    case 'cancel':
      return (
        person === REQUESTER ||
        holders('director', r.flow, r.form, r.config).includes(person) ||
        r.config.people.some((p) => p.id === person && p.roles.includes('admin'))
      );
    case 'send_back': {
      const from = r.flow.stages.findIndex((s) => s.id === stage.id);
      const to = r.flow.stages.findIndex((s) => s.id === command.to);
      if (to < 0 || to >= from) return false;
      return person === REQUESTER || awaited(r, stage).includes(person);
    }
    case 'timer':
    case 'deploy':
      // Timers are the system's; deployments a pipeline's (through the pipeline API), never a person's.
      return false;
  }
}

/** A value a careful user would enter for a field (within its limits). */
export function sampleValue(f: FieldSpec): FieldValue {
  switch (f.type) {
    case 'number':
      return Math.max(f.min ?? 1, Math.min(f.max ?? 1, 1));
    case 'url':
      return 'https://zentao.example/bug/1';
    case 'urls':
      return ['https://zentao.example/bug/1'];
    case 'lines':
      return ['first known issue'];
    case 'select':
      return f.options?.[0]?.value ?? '';
    case 'datetime':
      return '2026-11-27T10:00:00+08:00';
    case 'people':
      return ['bob'];
    case 'person':
      return 'bob';
    default:
      return 'filled in';
  }
}
