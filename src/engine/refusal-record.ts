import { sealEvent } from '../audit/chain.js';
import type { Actor, AuditEvent, Command, Refusal, Release } from '../domain/types.js';

/**
 * An audit entry that leaves the release itself — stage, gate, awaiting — exactly as it was: the
 * entry is sealed onto the chain and only the release's version and chain head move.
 */
export function recordAside(
  release: Release,
  entry: { actor: Actor; what: string; data: Record<string, unknown>; request?: string },
  now: Date,
): { release: Release; event: AuditEvent } {
  const { request, ...rest } = entry;
  const event = sealEvent(
    {
      releaseId: release.id,
      seq: release.eventCount + 1,
      at: now.toISOString(),
      ...rest,
      stageBefore: release.stage,
      stageAfter: release.stage,
      ...(request ? { request } : {}),
    },
    release.lastEventHash,
  );
  return {
    release: { ...release, version: release.version + 1, eventCount: event.seq, lastEventHash: event.hash },
    event,
  };
}

/** A refused click still leaves an audit entry: who tried what, and why it was refused. */
export function recordRefusal(
  release: Release,
  command: Command,
  refusal: Refusal,
  actor: Actor,
  now: Date,
  request?: string,
): { release: Release; event: AuditEvent } {
  const params =
    refusal.params && Object.fromEntries(Object.entries(refusal.params).filter(([k]) => !k.includes('.')));
  const data = {
    code: refusal.code,
    attempted: command.type,
    ...(command.type === 'act' ? { action: command.action } : {}),
    // Kept so the trail can say why in the reader's words, as the person was told (not the
    // per-language ones: a dotted key is no field name for MongoDB).
    ...(params && Object.keys(params).length ? { params } : {}),
  };
  return recordAside(release, { actor, what: 'refused', data, ...(request ? { request } : {}) }, now);
}
