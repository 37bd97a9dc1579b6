import type { Actor, Deployment, Release } from '../domain/types.js';
import type { ActionSpec, FlowSpec, StageSpec } from '../flow/schema.js';
import { takeAction } from './actions.js';
import { type EngineContext, type Outcome, refuse, stageOf } from './context.js';
import { enterStage } from './stage.js';

/** The stage holding the flow's launch action, and that action. */
export function launchOf(flow: FlowSpec): { stage: StageSpec; action: ActionSpec } | undefined {
  for (const stage of flow.stages) {
    const action = stage.actions.find((a) => a.launch);
    if (action) return { stage, action };
  }
  return undefined;
}

/**
 * A pipeline reports a deployment. `started` is recorded; `succeeded` completes the launch as its
 * button does (freeze checked, announcement, verification prompt); `failed` and `rolled_back` are the
 * "launch failed" outcome: recorded and counted, and the release goes back to the flow's `failedTo`
 * stage. A failure may also come after the launch, while production is being verified (a rollback).
 */
export function deploy(release: Release, d: Deployment, actor: Actor, ctx: EngineContext): Outcome {
  const launch = launchOf(ctx.flow);
  if (!launch) return refuse('not_deploying', { stage: release.stage });
  const atLaunch = release.stage === launch.stage.id;
  const data = { deployment: { ...d } };
  switch (d.status) {
    case 'started':
      if (!atLaunch) refuse('not_deploying', { stage: release.stage });
      return { release, effects: [], what: 'deploy_started', data };
    case 'succeeded': {
      if (!atLaunch) refuse('not_deploying', { stage: release.stage });
      const done = takeAction(release, launch.action.id, {}, actor, ctx);
      return { ...done, data: { ...done.data, ...data } };
    }
    case 'failed':
    case 'rolled_back': {
      const verifying = !!release.launchedAt && release.stage === launch.action.to;
      if (!atLaunch && !verifying) refuse('not_deploying', { stage: release.stage });
      const to = launch.action.failedTo ?? launch.stage.id;
      stageOf(ctx.flow, to);
      const values = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      const entry = { by: actor.person, at: ctx.now.toISOString(), values };
      const { launchedAt: _, ...rest } = release;
      let next: Release = {
        ...rest,
        records: { ...release.records, launch_failures: [...(release.records.launch_failures ?? []), entry] },
        loops: { ...release.loops, launch_failed: (release.loops.launch_failed ?? 0) + 1 },
      };
      next = enterStage(next, to, ctx);
      return {
        release: next,
        effects: [
          {
            type: 'notify',
            to: [release.requester],
            about: 'launch_failed',
            params: { by: actor.person, reason: d.notes ?? d.status },
          },
        ],
        what: 'launch_failed',
        ...(d.notes ? { comment: d.notes } : {}),
        data,
      };
    }
  }
}
