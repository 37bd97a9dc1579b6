import type { PresentContext } from '../conversation/present/context.js';
import { peopleInRole } from '../domain/directory.js';
import type { AuditEvent, Deployment, PersonId, Release } from '../domain/types.js';
import type { ActionSpec, StageSpec } from '../flow/schema.js';

/** A deployment a pipeline reported, as its audit event recorded it. */
export interface ReportedDeployment extends Deployment {
  seq: number;
  at: string;
  /** Who reported it: `pipeline:<id>` (or a person, for a deployment recorded some other way). */
  by: PersonId;
}

/** What a release's audit trail says, read with its flow: which step each event was. */
export interface ReleaseFacts {
  release: Release;
  events: readonly AuditEvent[];
  /** The first launch (an action marked `launch`), if it happened. */
  launch?: AuditEvent;
  actionOf(event: AuditEvent): ActionSpec | undefined;
  stage(id: string | null): StageSpec | undefined;
  /** The roles a person held when they did this (the gate's or the action's roles they fill on the release). */
  rolesOf(event: AuditEvent): string[];
  /** Whether an event came before the launch (everything does when there was none). */
  beforeLaunch(event: AuditEvent): boolean;
  /** A production problem: a looping action after the launch (a problem in verification or observation). */
  isProblem(event: AuditEvent): boolean;
  /** When a problem was put right: the next step out of the stage it was reported in that is no problem itself. */
  restoredAt(problem: AuditEvent): string | undefined;
  /** Deployments pipelines reported (started, succeeded, failed, rolled back), oldest first. */
  deployments: ReportedDeployment[];
  /** A reported deployment that failed or was rolled back: the launch failed, a change failure. */
  isFailedDeployment(event: AuditEvent): boolean;
}

const STATUSES = new Set(['started', 'succeeded', 'failed', 'rolled_back']);

/** The deployment an audit event carries, when a pipeline reported one (`data.deployment`). */
export function deploymentOf(e: AuditEvent): ReportedDeployment | undefined {
  const d = e.data?.deployment as Partial<Deployment> | undefined;
  if (!d || typeof d !== 'object' || !STATUSES.has(String(d.status))) return undefined;
  const optional = (k: 'version' | 'url' | 'notes') =>
    typeof d[k] === 'string' && d[k] ? { [k]: d[k] } : {};
  return {
    seq: e.seq,
    at: e.at,
    by: e.actor.person,
    status: d.status as Deployment['status'],
    ...optional('version'),
    ...optional('url'),
    ...optional('notes'),
  };
}

export function releaseFacts(
  release: Release,
  events: readonly AuditEvent[],
  p: PresentContext,
): ReleaseFacts {
  const actions = new Map<string, ActionSpec>();
  for (const s of p.flow.stages) for (const a of s.actions) if (!actions.has(a.id)) actions.set(a.id, a);
  const actionOf = (e: AuditEvent) => actions.get(e.what);
  const stage = (id: string | null) => (id ? p.flow.stages.find((s) => s.id === id) : undefined);
  const launch = events.find((e) => actionOf(e)?.launch);
  const fills = (role: string, person: PersonId) => peopleInRole(role, release, p.directory).includes(person);
  const rolesOf = (e: AuditEvent): string[] => {
    const person = e.actor.person;
    const gate = stage(e.stageBefore)?.gate;
    if ((e.what === 'approve' || e.what === 'reject') && gate) {
      const held = gate.approvers.filter((r) => fills(r, person));
      if (held.length) return held;
      // Handed over (转交) or added (加签): the role of whoever handed it, else an added approver.
      const handed = events.find((x) => x.seq < e.seq && x.what === 'delegate' && x.data?.to === person);
      const from = handed ? gate.approvers.filter((r) => fills(r, handed.actor.person)) : [];
      return from.length ? from : ['added'];
    }
    const action = actionOf(e);
    if (action) return action.by.filter((r) => fills(r, person)).slice(0, 1);
    return [];
  };
  const beforeLaunch = (e: AuditEvent) => !launch || e.seq < launch.seq;
  const isProblem = (e: AuditEvent) => Boolean(launch && e.seq > launch.seq && actionOf(e)?.loop);
  const restoredAt = (problem: AuditEvent) =>
    events.find(
      (e) =>
        e.seq > problem.seq &&
        e.stageBefore === problem.stageBefore &&
        e.stageAfter !== problem.stageBefore &&
        !actionOf(e)?.loop,
    )?.at;
  const deployments = events.flatMap((e) => deploymentOf(e) ?? []);
  const isFailedDeployment = (e: AuditEvent) => e.what === 'launch_failed' && Boolean(deploymentOf(e));
  return {
    release,
    events,
    ...(launch ? { launch } : {}),
    deployments,
    isFailedDeployment,
    actionOf,
    stage,
    rolesOf,
    beforeLaunch,
    isProblem,
    restoredAt,
  };
}

/**
 * The decisions of the last round at a gate stage before `untilSeq`: after the release last entered it
 * (an earlier round ended in a rejection or a send-back), and the earlier rounds' decisions apart.
 */
export function gateRounds(
  facts: ReleaseFacts,
  stageId: string,
  untilSeq = Number.POSITIVE_INFINITY,
): { last: AuditEvent[]; earlier: AuditEvent[] } {
  const events = facts.events.filter((e) => e.seq < untilSeq);
  const entries = events.filter((e) => e.stageAfter === stageId && e.stageBefore !== stageId);
  const lastEntry = entries.at(-1)?.seq ?? 0;
  const decisions = events.filter(
    (e) => e.stageBefore === stageId && (e.what === 'approve' || e.what === 'reject'),
  );
  return {
    last: decisions.filter((e) => e.seq > lastEntry),
    earlier: decisions.filter((e) => e.seq <= lastEntry),
  };
}
