import { peopleInRoles } from '../domain/directory.js';
import { type Effect, type NoticeKind, type Release, SYSTEM_ACTOR } from '../domain/types.js';
import { takeAction } from './actions.js';
import { type EngineContext, type Outcome, RefusedError, refuse, stageOf } from './context.js';
import { nextRound } from './timers.js';

const NOTICE: Record<string, NoticeKind> = {
  remind: 'reminder',
  escalate: 'escalation',
  verify_prompt: 'verify_prompt',
  activity_end: 'activity_end',
  observation_end: 'observation_end',
  timeout: 'auto_action',
};

/** A due timer: remind or escalate, prompt, or take the stage's auto-action. Stale timers are refused. */
export function timerFired(release: Release, timerId: string, ctx: EngineContext): Outcome {
  const timer = release.timers.find((t) => t.id === timerId);
  if (!timer || timer.stageEntry !== release.stageEntry) return refuse('unknown_timer');
  const spec = stageOf(ctx.flow, release.stage).timers.find((t) => t.id === timer.specId);
  if (!spec) return refuse('unknown_timer');
  const rest = { ...release, timers: release.timers.filter((t) => t.id !== timerId) };
  const what = `timer:${timer.kind}`;
  if (spec.action) {
    let done: Outcome;
    try {
      done = takeAction(rest, spec.action, {}, SYSTEM_ACTOR, ctx);
    } catch (err) {
      if (err instanceof RefusedError && err.refusal.code === 'no_eligible_approver')
        return stuckAtGate(rest, spec.action, err.refusal.params ?? {}, ctx);
      throw err;
    }
    const effects: Effect[] = [
      ...done.effects,
      {
        type: 'notify',
        to: release.awaiting,
        about: NOTICE[timer.kind] ?? 'auto_action',
        params: { action: spec.action },
      },
    ];
    return { ...done, effects, what, data: { action: spec.action } };
  }
  const to = spec.notify ? peopleInRoles(spec.notify, release, ctx.directory) : release.awaiting;
  const waitingFor = release.awaiting.join(',');
  const again = nextRound(timer, spec, rest, ctx);
  return {
    release: again ? { ...rest, timers: [...rest.timers, again] } : rest,
    effects: to.length
      ? [{ type: 'notify', to, about: NOTICE[timer.kind] ?? 'reminder', params: { waitingFor } }]
      : [],
    what,
  };
}

/**
 * A timer's action would enter a gate nobody could pass (the config changed since the release began):
 * the release stays where it is and the timer is spent, the refusal goes into the trail, and the
 * requester and the admins who can fix the config are told — not a silent no.
 */
function stuckAtGate(
  release: Release,
  action: string,
  params: Record<string, string | number>,
  ctx: EngineContext,
): Outcome {
  // Per-language keys hold dots, which a stored document cannot have; the flat ones say it again.
  const flat = Object.fromEntries(Object.entries(params).filter(([k]) => !k.includes('.')));
  const to = [...new Set([release.requester, ...ctx.directory.withRole('admin')])];
  return {
    release,
    effects: [{ type: 'notify', to, about: 'gate_unpassable', params: { ...flat, action } }],
    what: 'refused',
    data: { code: 'no_eligible_approver', attempted: 'timer', action, params: flat },
  };
}
