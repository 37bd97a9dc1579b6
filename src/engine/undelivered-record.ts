import { type AuditEvent, type Effect, type Release, SYSTEM_ACTOR } from '../domain/types.js';
import { recordAside } from './refusal-record.js';

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
  const record = recordAside(
    release,
    {
      actor: SYSTEM_ACTOR,
      what: 'undelivered',
      data: {
        message: effect.type,
        ...(effect.type === 'notify' ? { about: effect.about } : {}),
        ...(to ? { to } : {}),
        ...(effect.type === 'webhook' ? { hook: effect.hook, event: effect.payload.event } : {}),
        attempts,
      },
    },
    now,
  );
  const undelivered = [
    ...(release.undelivered ?? []),
    {
      message: effect.type,
      ...(to ? { to } : {}),
      ...(effect.type === 'webhook' ? { hook: effect.hook } : {}),
      at: record.event.at,
    },
  ].slice(-KEPT);
  return { release: { ...record.release, undelivered }, event: record.event };
}
