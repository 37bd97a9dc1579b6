import { sealEvent } from '../audit/chain.js';
import type { Actor, AuditEvent, Command, Refusal, Release } from '../domain/types.js';

/**
 * A refused click still leaves an audit entry (who tried what, and why it was refused), while the
 * release itself — stage, gate, awaiting — stays exactly as it was.
 */
export function recordRefusal(
  release: Release,
  command: Command,
  refusal: Refusal,
  actor: Actor,
  now: Date,
  request?: string,
): { release: Release; event: AuditEvent } {
  const event = sealEvent(
    {
      releaseId: release.id,
      seq: release.eventCount + 1,
      at: now.toISOString(),
      actor,
      what: 'refused',
      data: {
        code: refusal.code,
        attempted: command.type,
        ...(command.type === 'act' ? { action: command.action } : {}),
      },
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
