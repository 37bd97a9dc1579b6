import { peopleInRoles } from '../domain/directory.js';
import { type Effect, type NoticeKind, type Release, SYSTEM_ACTOR } from '../domain/types.js';
import { takeAction } from './actions.js';
import { type EngineContext, type Outcome, refuse, stageOf } from './context.js';
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
    const done = takeAction(rest, spec.action, {}, SYSTEM_ACTOR, ctx);
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
