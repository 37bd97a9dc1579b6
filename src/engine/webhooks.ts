import type { Actor, AuditEvent, Deployment, Effect, Release } from '../domain/types.js';
import type { WebhookEventName } from '../webhooks/events.js';
import type { WebhookEventData } from '../webhooks/payload.js';
import { type EngineContext, type Outcome, stageOf } from './context.js';
import { isLaunchApplication, isSignOffStage } from './launch-checks.js';

/** The events a committed transition is, in the order they happened. */
function eventsOf(before: Release, outcome: Outcome, after: Release, ctx: EngineContext): WebhookEventName[] {
  const { what } = outcome;
  const action = stageOf(ctx.flow, before.stage).actions.find((a) => a.id === what);
  const events: WebhookEventName[] = [];
  if (what === 'create') events.push('created');
  // A gate passed: the release left the gate's stage by its approval.
  if (what === 'approve' && after.stageEntry !== before.stageEntry) events.push('approved');
  if (what === 'reject') events.push('rejected');
  if (action && isLaunchApplication(ctx.flow, action)) events.push('launch_applied');
  if (action?.launch) events.push('launched');
  if (what === 'launch_failed') events.push('launch_failed');
  if (what === 'withdraw') events.push('withdrawn');
  if (what === 'cancel') events.push('cancelled');
  if (after.status === 'done' && before.status !== 'done') events.push('done');
  return events;
}

/** The version a release ships: its form's `version` or `repo_tag` (as the pipeline API reads it). */
function shipped(r: Release): string | null {
  const v = r.fields.version ?? r.fields.repo_tag;
  return typeof v === 'string' && v ? v : null;
}

/**
 * The webhook deliveries a committed transition makes: one effect per event and per webhook of the
 * release's team that asked for it, each carrying the whole payload as of now (so a retry posts the
 * same body). The event id is derived from the audit event's hash — unique to this release, this
 * step and this database — and the event's name.
 */
export function webhookEffects(
  before: Release,
  outcome: Outcome,
  after: Release,
  event: AuditEvent,
  actor: Actor,
  ctx: EngineContext,
): Effect[] {
  const hooks = ctx.config.teams.find((t) => t.id === after.team)?.webhooks ?? [];
  if (!hooks.length) return [];
  const effects: Effect[] = [];
  for (const name of eventsOf(before, outcome, after, ctx)) {
    const wanting = hooks.filter((h) => h.events.includes(name));
    if (!wanting.length) continue;
    const payload = payloadOf(name, before, outcome, after, event, actor, ctx);
    for (const hook of wanting) effects.push({ type: 'webhook', hook: hook.id, payload });
  }
  return effects;
}

function payloadOf(
  name: WebhookEventName,
  before: Release,
  outcome: Outcome,
  after: Release,
  event: AuditEvent,
  actor: Actor,
  ctx: EngineContext,
): WebhookEventData {
  const stage = stageOf(ctx.flow, after.stage);
  const deployment = (outcome.data?.deployment ?? undefined) as Deployment | undefined;
  const decided = name === 'approved' || name === 'rejected';
  const said =
    name === 'rejected' || name === 'withdrawn' || name === 'cancelled' || name === 'launch_failed';
  return {
    id: `evt_${event.hash.slice(0, 24)}_${name}`,
    event: name,
    occurredAt: event.at,
    team: after.team ?? null,
    release: {
      id: after.id,
      number: after.number,
      title: after.title,
      flow: { id: after.flowId, version: after.flowVersion },
      system: after.system,
      version: shipped(after),
      stage: { id: stage.id, title: { 'zh-CN': stage.title['zh-CN'], en: stage.title.en } },
      status: after.status,
      window: after.window ? { start: after.window.start ?? null, end: after.window.end ?? null } : null,
      requester: { id: after.requester, name: ctx.directory.displayName(after.requester) },
    },
    actor: { id: actor.person, name: ctx.directory.displayName(actor.person), platform: actor.platform },
    ...(decided ? { gate: { stage: before.stage, signOff: isSignOffStage(ctx.flow, before.stage) } } : {}),
    ...(said && outcome.comment ? { comment: outcome.comment } : {}),
    ...(deployment && (name === 'launched' || name === 'launch_failed')
      ? { deployment: { ...deployment } }
      : {}),
  };
}
