import { recordUndelivered } from '../engine/undelivered-record.js';
import type { OutboxEntry } from '../store/port.js';
import type { DeliveryDeps } from './deps.js';
import { toOutbox } from './outbox.js';

/** A message still failing this long after it was decided is given up (its last try is made at this mark). */
export const GIVE_UP_AFTER_MS = 10 * 60_000;
/** …but not before it was tried this often (after downtime, an old message gets a few real tries). */
export const MIN_ATTEMPTS = 3;

/** Whether a failed send (the `entry.attempts + 1`th) is the last one. */
export function shouldGiveUp(entry: OutboxEntry, now: Date): boolean {
  return (
    entry.attempts + 1 >= MIN_ATTEMPTS && now.getTime() - Date.parse(entry.createdAt) >= GIVE_UP_AFTER_MS
  );
}

/** How long until the give-up mark, so the last try is made there rather than a long backoff later. */
export function untilGiveUp(entry: OutboxEntry, now: Date): number {
  return Date.parse(entry.createdAt) + GIVE_UP_AFTER_MS - now.getTime();
}

/**
 * Writes "could not deliver …" into the release's audit trail. Unless the message that failed was for
 * the channel itself, the status card is refreshed with a thread line saying so, where the team looks
 * (an outbox entry the pump picks up in its next round; the timers are untouched, so no scheduler sync).
 * Keyed by the entry, so recording it twice (a crash before the entry was settled) counts once.
 */
export async function recordGivenUp(deps: DeliveryDeps, entry: OutboxEntry): Promise<void> {
  const toChannel = entry.effect.type === 'status_card' || entry.effect.type === 'announce';
  for (let attempt = 0; attempt < 8; attempt++) {
    const release = await deps.store.load(entry.releaseId);
    if (!release) return;
    const record = recordUndelivered(release, entry.effect, entry.attempts + 1, deps.now());
    const outbox = toChannel ? [] : toOutbox(record.release, [{ type: 'status_card' }], deps.now());
    const saved = await deps.store.commit({
      release: record.release,
      expectedVersion: release.version,
      events: [record.event],
      outbox,
      idempotencyKey: `undelivered:${entry.key}`,
    });
    if (saved.ok || saved.reason === 'duplicate') return;
  }
  throw new Error(`could not record that ${entry.key} was given up: the release kept changing`);
}
