import { activeFreeze, type Conflict, freezeConflicts, plannedWindow } from '../calendar/conflicts.js';
import type { Actor, Release } from '../domain/types.js';
import type { ActionSpec, FlowSpec } from '../flow/schema.js';
import { localize } from '../i18n/text.js';
import { type EngineContext, refuse } from './context.js';

/**
 * Where a flow's launch is guarded, derived from its shape so every flow gets it without marking:
 * the sign-off is a gate whose approval leads to the stage holding the launch action, and the launch
 * application is an action leading to that gate's stage.
 */
export function isSignOffStage(flow: FlowSpec, stageId: string): boolean {
  const gate = flow.stages.find((s) => s.id === stageId)?.gate;
  if (!gate) return false;
  return !!flow.stages.find((s) => s.id === gate.onApprove)?.actions.some((a) => a.launch);
}

export function isLaunchApplication(flow: FlowSpec, action: ActionSpec): boolean {
  return !!action.to && isSignOffStage(flow, action.to);
}

function refuseFrozen(c: Extract<Conflict, { kind: 'freeze' }>): never {
  return refuse('freeze_window', {
    until: c.end,
    'reason.zh-CN': localize(c.reason, 'zh-CN'),
    'reason.en': localize(c.reason, 'en'),
  });
}

/**
 * The launch application: the release's window is checked again against freezes (refused unless an
 * emergency) and the overlapping releases the caller found (`ctx.overlaps`; refused under a blocking
 * policy unless an emergency). What was found is kept on the release for its cards.
 */
export function checkLaunchApplication(release: Release, ctx: EngineContext): Release {
  const window = plannedWindow(release.window);
  const frozen = freezeConflicts(ctx.config, release.system, window, ctx.now);
  const overlapping = ctx.overlaps ?? [];
  if (!ctx.flow.emergency) {
    const freeze = frozen[0];
    if (freeze?.kind === 'freeze') refuseFrozen(freeze);
    if (overlapping.length && ctx.config.conflictPolicy === 'block')
      refuse('window_conflict', {
        releases: overlapping.map((c) => (c.kind === 'overlap' ? c.release : '')).join(', '),
      });
  }
  const conflicts = [...overlapping, ...frozen];
  const { conflicts: _, ...rest } = release;
  return conflicts.length ? { ...rest, conflicts } : rest;
}

/** Sign-off before the deploy: no approval while the launch would fall in a freeze (unless an emergency). */
export function checkSignOff(release: Release, ctx: EngineContext): void {
  if (ctx.flow.emergency || !isSignOffStage(ctx.flow, release.stage)) return;
  const freeze = freezeConflicts(ctx.config, release.system, plannedWindow(release.window), ctx.now)[0];
  if (freeze?.kind === 'freeze') refuseFrozen(freeze);
}

/**
 * The launch itself, in a freeze holding now: refused, or for an emergency let through with the
 * bypass recorded — when, which freeze, who, and why (the emergency's justification).
 */
export function checkLaunch(release: Release, actor: Actor, ctx: EngineContext): Release['freezeBypass'] {
  const freeze = activeFreeze(ctx.config, release.system, ctx.now);
  if (!freeze) return undefined;
  if (!ctx.flow.emergency)
    refuseFrozen({ kind: 'freeze', start: freeze.start, end: freeze.end, reason: freeze.reason });
  const why = release.fields.justification;
  return {
    at: ctx.now.toISOString(),
    window: `${freeze.start}/${freeze.end}`,
    by: actor.person,
    ...(typeof why === 'string' && why ? { reason: why } : {}),
  };
}
