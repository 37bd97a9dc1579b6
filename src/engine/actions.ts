import { peopleInRole, peopleInRoles } from '../domain/directory.js';
import type { Actor, FieldValue, Release } from '../domain/types.js';
import type { ActionSpec } from '../flow/schema.js';
import { type EngineContext, type Outcome, refuse, stageOf } from './context.js';
import { checkLaunch, checkLaunchApplication, isLaunchApplication } from './launch-checks.js';
import { enterStage, openItems } from './stage.js';

/** Takes a flow action of the current stage (submit for test, smoke fail, launch complete, …). */
export function takeAction(
  release: Release,
  actionId: string,
  input: Record<string, unknown>,
  actor: Actor,
  ctx: EngineContext,
): Outcome {
  const stage = stageOf(ctx.flow, release.stage);
  const action = stage.actions.find((a) => a.id === actionId);
  if (!action) return refuse('invalid_in_stage', { stage: release.stage });
  // The system (timers) and a pipeline (authorised by its token for the system) act for the roles.
  const bySystem = actor.platform === 'system' || actor.platform === 'pipeline';
  if (action.pipelineOnly && actor.platform !== 'pipeline') refuse('pipeline_only');
  if (!bySystem) {
    if (action.executiveOnly && !ctx.directory.hasRole(actor.person, 'executive')) refuse('not_executive');
    if (!peopleInRoles(action.by, release, ctx.directory).includes(actor.person))
      refuse('not_your_action', { roles: action.by.join(', ') });
  }
  if (action.requiresChecklist && openItems(stage, release).length)
    refuse('checklist_incomplete', { count: openItems(stage, release).length });
  const values = checkedInput(action, input);
  let next: Release = { ...release };
  const data: Record<string, unknown> = { ...values };
  if (isLaunchApplication(ctx.flow, action)) {
    next = checkLaunchApplication(next, ctx);
    if (next.conflicts) data.conflicts = next.conflicts;
  }
  if (action.launch) {
    const bypass = checkLaunch(release, actor, ctx);
    if (bypass) {
      next.freezeBypass = bypass;
      data.freezeBypass = bypass;
    }
    next.launchedAt = ctx.now.toISOString();
  }
  if (action.record) {
    const entry = { by: actor.person, at: ctx.now.toISOString(), values };
    next.records = { ...next.records, [action.record]: [...(next.records[action.record] ?? []), entry] };
  }
  if (action.loop) next.loops = { ...next.loops, [action.loop]: (next.loops[action.loop] ?? 0) + 1 };
  if (action.to) next = enterStage(next, action.to, ctx);
  const comment = typeof values.reason === 'string' ? values.reason : undefined;
  return {
    release: next,
    effects: action.announce ? [{ type: 'announce', what: action.announce }] : [],
    what: action.id,
    ...(comment ? { comment } : {}),
    data,
  };
}

/** Keeps the action's declared inputs; a required one that is missing refuses the command. */
function checkedInput(action: ActionSpec, input: Record<string, unknown>): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of action.input) {
    const v = input[field.id];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (field.required) refuse('missing_input', { field: field.id });
      continue;
    }
    if (typeof v === 'string' || typeof v === 'number') values[field.id] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) values[field.id] = v as string[];
    else refuse('missing_input', { field: field.id });
  }
  return values;
}

/** Ticks a checklist or run-book item; only its owner may, and a run-book goes in order. */
export function tickItem(release: Release, itemId: string, actor: Actor, ctx: EngineContext): Outcome {
  const stage = stageOf(ctx.flow, release.stage);
  if (!stage.checklist) return refuse('invalid_in_stage', { stage: release.stage });
  const item = stage.checklist.items.find((i) => i.id === itemId);
  if (!item) return refuse('unknown_item', { item: itemId });
  if (release.checklist?.[item.id]) refuse('already_decided');
  if (!peopleInRole(item.owner, release, ctx.directory).includes(actor.person))
    refuse('not_your_action', { roles: item.owner });
  const next = openItems(stage, release)[0];
  if (stage.checklist.ordered && next && next.id !== item.id) refuse('checklist_order', { item: next.id });
  const checklist = { ...release.checklist, [item.id]: { by: actor.person, at: ctx.now.toISOString() } };
  return { release: { ...release, checklist }, effects: [], what: 'tick', data: { item: item.id } };
}
