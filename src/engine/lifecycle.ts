import { peopleInRole } from '../domain/directory.js';
import type { Actor, Release } from '../domain/types.js';
import { type EngineContext, type Outcome, refuse, stageIndex, stageOf } from './context.js';
import { enterStage } from './stage.js';

/** Ends the release early; everyone it was waiting for is told. */
function close(release: Release, status: 'withdrawn' | 'cancelled', actor: Actor, reason?: string): Outcome {
  const about = status === 'withdrawn' ? 'withdrawn' : 'cancelled';
  const told = release.awaiting.filter((p) => p !== actor.person);
  return {
    release: { ...release, status, timers: [] },
    effects: told.length
      ? [{ type: 'notify', to: told, about, params: { by: actor.person, reason: reason ?? '' } }]
      : [],
    what: status === 'withdrawn' ? 'withdraw' : 'cancel',
    ...(reason ? { comment: reason } : {}),
  };
}

/** 撤回: the requester takes the release back, only before it is launched. */
export function withdraw(release: Release, actor: Actor, ctx: EngineContext, reason?: string): Outcome {
  if (actor.person !== release.requester) refuse('not_requester');
  if (release.launchedAt) refuse('already_launched');
  void ctx;
  return close(release, 'withdrawn', actor, reason);
}

/** Cancel: the requester, the release's director, or an admin. */
export function cancel(release: Release, actor: Actor, ctx: EngineContext, reason?: string): Outcome {
  const may =
    actor.person === release.requester ||
    ctx.directory.hasRole(actor.person, 'admin') ||
    peopleInRole('director', release, ctx.directory).includes(actor.person);
  if (!may) refuse('cannot_cancel');
  return close(release, 'cancelled', actor, reason);
}

/** Sends the release back to an earlier stage; whoever it waits for (or the requester) may. */
export function sendBack(
  release: Release,
  actor: Actor,
  to: string,
  reason: string,
  ctx: EngineContext,
): Outcome {
  if (actor.person !== release.requester && !release.awaiting.includes(actor.person))
    refuse('not_your_action', {
      roles: [...new Set(['requester', ...stageOf(ctx.flow, release.stage).actors])].join(', '),
    });
  const target = ctx.flow.stages.find((s) => s.id === to);
  if (!target || target.terminal || stageIndex(ctx.flow, to) >= stageIndex(ctx.flow, release.stage))
    refuse('not_earlier_stage', { stage: to });
  if (!reason.trim()) refuse('missing_input', { field: 'reason' });
  const next = enterStage(release, to, ctx);
  return {
    release: next,
    effects: [
      {
        type: 'notify',
        to: [release.requester].filter((p) => p !== actor.person),
        about: 'sent_back',
        params: { by: actor.person, reason, stage: stageOf(ctx.flow, to).id },
      },
    ],
    what: 'send_back',
    comment: reason,
    data: { from: release.stage, to },
  };
}
