import { sealEvent } from '../audit/chain.js';
import { type AuditEvent, type Effect, type Release, SYSTEM_ACTOR } from '../domain/types.js';

/** How many messages given up a release lists on its status card; the trail has them all. */
const KEPT = 5;

/**
 * A message the bot gave up sending leaves an audit entry (what it was, for whom, how often it was
 * tried), so nothing is lost silently; the release itself — stage, gate, awaiting — stays as it was.
 */
export function recordUndelivered(
  release: Release,
  effect: Effect,
  attempts: number,
  now: Date,
): { release: Release; event: AuditEvent } {
  const to =
    effect.type === 'notify'
      ? effect.to.join(',')
      : effect.type === 'refresh_cards'
        ? effect.person
        : undefined;
  const event = sealEvent(
    {
      releaseId: release.id,
      seq: release.eventCount + 1,
      at: now.toISOString(),
      actor: SYSTEM_ACTOR,
      what: 'undelivered',
      data: {
        message: effect.type,
        ...(effect.type === 'notify' ? { about: effect.about } : {}),
        ...(to ? { to } : {}),
        attempts,
      },
      stageBefore: release.stage,
      stageAfter: release.stage,
    },
    release.lastEventHash,
  );
  return {
    release: {
      ...release,
      undelivered: [
        ...(release.undelivered ?? []),
        { message: effect.type, ...(to ? { to } : {}), at: event.at },
      ].slice(-KEPT),
      version: release.version + 1,
      eventCount: event.seq,
      lastEventHash: event.hash,
    },
    event,
  };
}
