import { peopleInRole, peopleInRoles } from '../domain/directory.js';
import type { PersonId, Release } from '../domain/types.js';
import type { StageSpec } from '../flow/schema.js';
import { type EngineContext, stageOf } from './context.js';
import { awaitingAtGate, openGate } from './gate.js';
import { timersForStage } from './timers.js';

/** Moves the release into a stage: new entry number, fresh gate/checklist, the stage's timers. */
export function enterStage(release: Release, stageId: string, ctx: EngineContext): Release {
  const stage = stageOf(ctx.flow, stageId);
  const entered: Release = {
    ...release,
    stage: stage.id,
    stageEntry: release.stageEntry + 1,
    stageEnteredAt: ctx.now.toISOString(),
    gate: undefined,
    checklist: stage.checklist ? {} : undefined,
    timers: [],
  };
  if (stage.terminal) return { ...entered, status: stage.terminal };
  if (stage.gate) entered.gate = { slots: openGate({ ...stage, gate: stage.gate }, entered, ctx) };
  entered.timers = timersForStage(stage, entered, ctx);
  return entered;
}

/** Unticked checklist items, in order. */
export function openItems(stage: StageSpec, release: Release) {
  return (stage.checklist?.items ?? []).filter((i) => !release.checklist?.[i.id]);
}

/** Who the release waits for now: active gate slots, owners of open checklist items, or the stage's actors. */
export function computeAwaiting(release: Release, ctx: EngineContext): PersonId[] {
  if (release.status !== 'active') return [];
  const stage = stageOf(ctx.flow, release.stage);
  if (stage.gate) return awaitingAtGate(stage.gate, release.gate?.slots ?? []);
  const open = openItems(stage, release);
  if (open.length) {
    const owed = stage.checklist?.ordered ? open.slice(0, 1) : open;
    return [...new Set(owed.flatMap((i) => peopleInRole(i.owner, release, ctx.directory)))];
  }
  return peopleInRoles(stage.actors, release, ctx.directory);
}
