import { type ChainVerdict, verifyChain } from '../audit/chain.js';
import { eventWhat } from '../conversation/present/cards.js';
import type { PresentContext } from '../conversation/present/context.js';
import { stageTitle } from '../conversation/present/context.js';
import type { AuditEvent, Release } from '../domain/types.js';
import { say } from '../i18n/say.js';
import { actionInputs, type ShownRow, showValues } from './shown.js';

/** One line of a release's timeline: an audit event as people read it. */
export interface TimelineEntry {
  seq: number;
  at: string;
  /** Who (a name, or the system), and on which platform. */
  who: string;
  platform: string;
  what: string;
  /** The audit event's own name for it (approve, reject, an action id, timer:remind …). */
  event: string;
  kind: 'decision' | 'rejection' | 'action' | 'loop' | 'timer' | 'refused' | 'system';
  comment?: string;
  /** The inputs of the step, under their labels. */
  details: ShownRow[];
  /** The stage it happened in. */
  stage?: string;
  /** Stage titles when the event moved the release. */
  from?: string;
  to?: string;
}

/** Whether an audit trail is intact, and if not, the first event that is not. */
export type ChainCheck = ChainVerdict;

/** Checks a release's audit trail against its hash chain and the newest hash the release remembers. */
export function checkChain(release: Release, events: readonly AuditEvent[]): ChainCheck {
  return verifyChain(events, { lastHash: release.lastEventHash, count: release.eventCount });
}

function kindOf(event: AuditEvent, p: PresentContext): TimelineEntry['kind'] {
  if (event.what === 'approve') return 'decision';
  if (event.what === 'reject' || event.what === 'withdraw' || event.what === 'cancel') return 'rejection';
  if (event.what === 'refused') return 'refused';
  if (event.what === 'undelivered') return 'system';
  if (event.what.startsWith('timer:')) return 'timer';
  const action = p.flow.stages.flatMap((s) => s.actions).find((a) => a.id === event.what);
  return action?.loop ? 'loop' : 'action';
}

/** The timeline of a release, oldest first: every audit event with who, where, when, what and why. */
export function timeline(events: readonly AuditEvent[], p: PresentContext): TimelineEntry[] {
  return events.map((e) => {
    const moved = e.stageBefore !== null && e.stageBefore !== e.stageAfter;
    const inputs =
      e.data && !['refused', 'undelivered', 'tick', 'delegate', 'add_approver', 'send_back'].includes(e.what)
        ? showValues(p, actionInputs(p, e.what), withoutInternal(e.data, e.comment))
        : [];
    return {
      seq: e.seq,
      at: e.at,
      who:
        e.actor.person === 'system' ? say('system_name', p.locale) : p.directory.displayName(e.actor.person),
      platform: e.actor.platform,
      what: eventWhat(e, p),
      event: e.what,
      kind: kindOf(e, p),
      ...(e.comment ? { comment: e.comment } : {}),
      details: inputs,
      ...(e.stageBefore ? { stage: stageTitle(p, e.stageBefore) } : {}),
      ...(moved && e.stageBefore
        ? { from: stageTitle(p, e.stageBefore), to: stageTitle(p, e.stageAfter) }
        : {}),
      ...(e.stageBefore === null ? { to: stageTitle(p, e.stageAfter) } : {}),
    };
  });
}

/** Data the engine keeps for itself (the flow pinned, a freeze bypass, a timer's action) is not an input. */
function withoutInternal(
  data: Record<string, unknown>,
  comment: string | undefined,
): Record<string, unknown> {
  const { flow: _flow, freezeBypass: _bypass, action: _action, ...rest } = data;
  // A reason is the event's comment already.
  if (comment !== undefined && rest.reason === comment) delete rest.reason;
  return rest;
}
