import { GENESIS_HASH, sealEvent } from '../audit/chain.js';
import type { Conflict } from '../calendar/conflicts.js';
import { peopleInRoles } from '../domain/directory.js';
import type {
  Actor,
  CardDecision,
  CommandEnvelope,
  Effect,
  FieldValue,
  PersonId,
  Refusal,
  Release,
  ReleaseOrigin,
  TransitionResult,
} from '../domain/types.js';
import { takeAction, tickItem } from './actions.js';
import { type EngineContext, type Outcome, RefusedError, refuse, stageOf } from './context.js';
import { deploy } from './deployments.js';
import { addApprover, approve, delegate, reject } from './gate-commands.js';
import { planGate } from './gate-plan.js';
import { unpassableGate } from './gate-refusal.js';
import { cancel, sendBack, withdraw } from './lifecycle.js';
import { computeAwaiting, enterStage } from './stage.js';
import { timerFired } from './timer-fired.js';
import { webhookEffects } from './webhooks.js';

const GATE_COMMANDS = new Set(['approve', 'reject', 'delegate', 'add_approver']);
/** Notices that carry the recipient's buttons (a card of its own). */
const CARD_NOTICES = new Set<string>(['delegated_to_you', 'added_as_approver']);
/** What a gate decision is recorded as: its deciders are kept on the release (`Release.deciders`). */
const DECISIONS = new Set(['approve', 'reject']);

/**
 * The engine: from a release, a command, who gives it and when, to the next release and the
 * effects to perform — or a refusal the user can read. Pure: no I/O, time is a parameter.
 */
export function transition(
  release: Release,
  envelope: CommandEnvelope,
  actor: Actor,
  ctx: EngineContext,
): TransitionResult {
  try {
    const { command } = envelope;
    if (envelope.stageEntry !== undefined && envelope.stageEntry !== release.stageEntry)
      refuse(GATE_COMMANDS.has(command.type) ? 'already_decided' : 'stale_version', {
        stage: release.stage,
      });
    if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== release.version)
      refuse('stale_version', { stage: release.stage });
    if (release.status !== 'active') refuse('release_closed', { status: release.status });
    const outcome = dispatch(release, envelope, actor, ctx);
    return finish(release, outcome, actor, ctx);
  } catch (err) {
    if (err instanceof RefusedError) return { ok: false, refusal: err.refusal };
    throw err;
  }
}

function dispatch(release: Release, { command }: CommandEnvelope, actor: Actor, ctx: EngineContext): Outcome {
  switch (command.type) {
    case 'act':
      return takeAction(release, command.action, command.input ?? {}, actor, ctx);
    case 'approve':
      return approve(release, actor, ctx, command.comment);
    case 'reject':
      return reject(release, actor, ctx, command.reason);
    case 'tick':
      return tickItem(release, command.item, actor, ctx);
    case 'withdraw':
      return withdraw(release, actor, ctx, command.reason);
    case 'cancel':
      return cancel(release, actor, ctx, command.reason);
    case 'delegate':
      return delegate(release, actor, command.to, ctx, command.comment);
    case 'add_approver':
      return addApprover(release, actor, command.person, ctx, command.comment);
    case 'send_back':
      return sendBack(release, actor, command.to, command.reason, ctx);
    case 'timer':
      if (actor.platform !== 'system') refuse('not_your_action', { roles: 'system' });
      return timerFired(release, command.timerId, ctx);
    case 'deploy':
      // Only a pipeline reports deployments (the API authorised its token for the release's system).
      if (actor.platform !== 'pipeline') refuse('not_your_action', { roles: 'pipeline' });
      return deploy(release, command.deployment, actor, ctx);
  }
}

/**
 * Completes an accepted command: recomputes who is awaited, seals the audit event, and derives
 * the effects every transition shares (status card, action cards, timer changes).
 */
function finish(before: Release, outcome: Outcome, actor: Actor, ctx: EngineContext): TransitionResult {
  const now = ctx.now.toISOString();
  const moved = outcome.release.stageEntry !== before.stageEntry;
  const closed = outcome.release.status !== 'active';
  const awaiting = computeAwaiting(outcome.release, ctx);
  const event = sealEvent(
    {
      releaseId: before.id,
      seq: before.eventCount + 1,
      at: now,
      actor,
      what: outcome.what,
      ...(outcome.comment ? { comment: outcome.comment } : {}),
      ...withData(outcome, moved ? policyApplied(outcome.release, ctx) : []),
      stageBefore: before.eventCount ? before.stage : null,
      stageAfter: outcome.release.stage,
      ...(ctx.request ? { request: ctx.request } : {}),
    },
    before.lastEventHash,
  );
  const decided = DECISIONS.has(outcome.what) && !outcome.release.deciders?.includes(actor.person);
  const release: Release = {
    ...outcome.release,
    ...(decided ? { deciders: [...(outcome.release.deciders ?? []), actor.person] } : {}),
    awaiting,
    timers: closed ? [] : outcome.release.timers,
    version: before.version + 1,
    updatedAt: now,
    eventCount: event.seq,
    lastEventHash: event.hash,
  };
  const isTimer = outcome.what.startsWith('timer:');
  const effects: Effect[] = [];
  if (!isTimer || moved) effects.push({ type: 'status_card' });
  if ((moved || closed) && before.eventCount) {
    const decisions = decisionsAtClose(before, outcome, actor, now);
    effects.push({
      type: 'close_cards',
      stageEntry: before.stageEntry,
      outcome: outcome.what,
      ...(decisions.length ? { decisions } : {}),
    });
  }
  // The stage stays (one approval of several, a ticked item, a delegation): every copy of the
  // actor's card — clicked, re-sent by a reminder, or never clicked because they typed — must stop
  // offering what they already did. Through the outbox, so a crash does not leave a card open.
  else if (before.eventCount && actor.platform !== 'system' && actor.platform !== 'pipeline')
    for (const person of refreshedBy(outcome.what, actor.person, before.awaiting))
      effects.push({ type: 'refresh_cards', person, stageEntry: before.stageEntry });
  effects.push(...outcome.effects.filter((e) => e.type !== 'notify' || e.to.length));
  // Someone the command itself hands a card to (a delegation, an added approver) gets that one only.
  const carded = new Set(
    outcome.effects.flatMap((e) => (e.type === 'notify' && CARD_NOTICES.has(e.about) ? e.to : [])),
  );
  const newlyAwaited = (moved ? awaiting : awaiting.filter((p) => !before.awaiting.includes(p))).filter(
    (p) => !carded.has(p),
  );
  if (newlyAwaited.length) effects.push({ type: 'notify', to: newlyAwaited, about: 'action_required' });
  if (moved && !closed) {
    const told = peopleInRoles(stageOf(ctx.flow, release.stage).notify, release, ctx.directory).filter(
      (p: PersonId) => !awaiting.includes(p) && p !== actor.person,
    );
    if (told.length) effects.push({ type: 'notify', to: told, about: 'stage_entered' });
  }
  if (before.eventCount && actor.platform !== 'system' && CC_ON.has(ccWhat(outcome.what, ctx))) {
    // 抄送: whoever the stage or flow copies, unless this transition tells them something already.
    const reached = new Set(effects.flatMap((e) => (e.type === 'notify' ? e.to : [])));
    const cc = copied(before, ctx).filter((p) => p !== actor.person && !reached.has(p));
    if (cc.length)
      effects.push({
        type: 'notify',
        to: cc,
        about: 'cc',
        params: {
          by: actor.person,
          what: outcome.what,
          stage: before.stage,
          ...(outcome.comment ? { reason: outcome.comment } : {}),
        },
      });
  }
  effects.push(...webhookEffects(before, outcome, release, event, actor, ctx));
  const kept = new Set(release.timers.map((t) => t.id));
  const gone = before.timers.filter((t) => !kept.has(t.id)).map((t) => t.id);
  if (gone.length) effects.push({ type: 'cancel_timers', ids: gone });
  const had = new Set(before.timers.map((t) => t.id));
  for (const t of release.timers) if (!had.has(t.id)) effects.push({ type: 'schedule', timer: t });
  return { ok: true, release, event, effects };
}

/** What 抄送 copies people on: decisions and actions, not ticks, delegations or timers. */
const CC_ON = new Set(['approve', 'reject', 'act', 'send_back', 'withdraw', 'cancel']);
function ccWhat(what: string, ctx: EngineContext): string {
  return ctx.flow.stages.some((s) => s.actions.some((a) => a.id === what)) ? 'act' : what;
}

/** The people a stage (and its flow) copies: roles resolved on the release, `@id` as named. */
function copied(release: Release, ctx: EngineContext): PersonId[] {
  const entries = [...ctx.flow.cc, ...stageOf(ctx.flow, release.stage).cc];
  const roles = entries.filter((c) => !c.startsWith('@'));
  const people = entries.filter((c) => c.startsWith('@')).map((c) => c.slice(1));
  return [...new Set([...peopleInRoles(roles, release, ctx.directory), ...people])];
}

/** Every decision of the gate being left, the actor's own included (it is not on `before`). */
function decisionsAtClose(before: Release, outcome: Outcome, actor: Actor, now: string): CardDecision[] {
  const out = new Map<PersonId, CardDecision>();
  const slots = before.gate?.slots ?? [];
  for (const s of slots)
    if (s.decision && s.at)
      out.set(s.person, {
        person: s.person,
        decision: s.decision,
        at: s.at,
        ...(s.comment ? { comment: s.comment } : {}),
      });
  if (
    (outcome.what === 'approve' || outcome.what === 'reject') &&
    slots.some((s) => s.person === actor.person)
  )
    out.set(actor.person, {
      person: actor.person,
      decision: outcome.what === 'approve' ? 'approved' : 'rejected',
      at: now,
      ...(outcome.comment ? { comment: outcome.comment } : {}),
    });
  return [...out.values()];
}

/**
 * The team policy applied when the stage just entered has a gate that drew the requester from the
 * config (`approverIsRequester`: their place went to other holders or to their deputy): the audit
 * trail records the choice.
 */
function policyApplied(release: Release, ctx: EngineContext) {
  const stage = stageOf(ctx.flow, release.stage);
  if (!stage.gate || release.status !== 'active') return [];
  return planGate(stage.gate, release, ctx).applied;
}

function withData(outcome: Outcome, applied: ReturnType<typeof policyApplied>) {
  const data = { ...outcome.data, ...(applied.length ? { approverIsRequester: applied } : {}) };
  return Object.keys(data).length ? { data } : {};
}

/**
 * Whose cards an accepted command that keeps the stage changes. A tick changes every checklist owner's
 * copy, not just the ticker's (the count left, the item's button gone, a submit that shows only once
 * all are ticked), so everyone the release awaited gets theirs brought up to date; other commands
 * change only the actor's own.
 */
function refreshedBy(what: string, actor: PersonId, awaited: readonly PersonId[]): PersonId[] {
  return what === 'tick' ? [...new Set([actor, ...awaited])] : [actor];
}

export interface NewRelease {
  number: number;
  values: Record<string, FieldValue>;
  origin: ReleaseOrigin;
  /** Conflicts of its planned window the caller found (recorded on the release and its first event). */
  conflicts?: Conflict[];
}

/**
 * Why a release of this flow could not be started with these people: a gate of the flow that nobody
 * eligible could pass (a role with no holder, the only executive raising an emergency). Checked before
 * the release takes a number, so the requester is told now rather than left waiting on nobody.
 */
export function unpassableAtCreation(
  values: Record<string, FieldValue>,
  actor: Actor,
  ctx: EngineContext,
): Refusal | undefined {
  const blank = blankRelease({ number: 0, values, origin: { platform: 'local', channel: '' } }, actor, ctx);
  for (const stage of ctx.flow.stages) {
    if (!stage.gate) continue;
    const missing = planGate(stage.gate, blank, ctx).missing[0];
    if (missing) return { code: 'no_eligible_approver', params: unpassableGate(stage, missing, ctx) };
  }
  return undefined;
}

/** Starts a release of a flow from a validated form; pins the flow version. See `unpassableAtCreation`. */
export function createRelease(input: NewRelease, actor: Actor, ctx: EngineContext): TransitionResult {
  const refusal = unpassableAtCreation(input.values, actor, ctx);
  if (refusal) return { ok: false, refusal };
  const blank = blankRelease(input, actor, ctx);
  const entered = enterStage(blank, ctx.flow.start, ctx);
  return finish(
    blank,
    {
      release: entered,
      effects: [],
      what: 'create',
      data: {
        flow: `${ctx.flow.id}@${ctx.flow.version}`,
        ...(input.conflicts?.length ? { conflicts: input.conflicts } : {}),
      },
    },
    actor,
    ctx,
  );
}

function blankRelease(input: NewRelease, actor: Actor, ctx: EngineContext): Release {
  const { flow } = ctx;
  const people: Record<string, PersonId[]> = {};
  for (const f of flow.form) {
    const v = input.values[f.id];
    if (!f.role || v === undefined) continue;
    people[f.role] = Array.isArray(v) ? v : [String(v)];
  }
  const now = ctx.now.toISOString();
  const str = (k: string) => (typeof input.values[k] === 'string' ? (input.values[k] as string) : undefined);
  const team = ctx.config.teams.find((t) => t.members.includes(actor.person))?.id;
  const windowStart = str('window_start');
  const windowEnd = str('window_end');
  return {
    id: `REL-${input.number}`,
    number: input.number,
    flowId: flow.id,
    flowVersion: flow.version,
    title: str('title') ?? `REL-${input.number}`,
    system: str('system') ?? '',
    requester: actor.person,
    ...(team ? { team } : {}),
    people,
    fields: input.values,
    origin: input.origin,
    status: 'active',
    stage: flow.start,
    stageEntry: 0,
    stageEnteredAt: now,
    version: 0,
    loops: {},
    records: {},
    awaiting: [],
    timers: [],
    ...(input.conflicts?.length ? { conflicts: input.conflicts } : {}),
    ...(windowStart || windowEnd
      ? {
          window: {
            ...(windowStart ? { start: windowStart } : {}),
            ...(windowEnd ? { end: windowEnd } : {}),
          },
        }
      : {}),
    createdAt: now,
    updatedAt: now,
    lastEventHash: GENESIS_HASH,
    eventCount: 0,
  };
}
