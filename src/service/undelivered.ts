import { recordUndelivered } from '../engine/undelivered-record.js';
import type { OutboxEntry } from '../store/port.js';
import type { DeliveryDeps } from './deps.js';
import { toOutbox } from './outbox.js';

/**
 * How long a message is retried before it is given up: the waits between its tries add up to this.
 * Counted in tries, not from when the message was decided: one that is old when first tried (the bot
 * was down, or it waited behind another message) still gets its ten minutes, and time the bot was down
 * between two tries only stretches them.
 */
export const GIVE_UP_AFTER_MS = 10 * 60_000;
const FIRST_WAIT_MS = 1000;

/** The waits of the first `failures` failed tries together: 1 s, 2 s, 4 s … doubling, capped at the give-up mark. */
function retriedMs(failures: number): number {
  return Math.min(FIRST_WAIT_MS * (2 ** failures - 1), GIVE_UP_AFTER_MS);
}

/** Whether a failed send (the `entry.attempts + 1`th) is the last: the tries before it spanned the schedule. */
export function shouldGiveUp(entry: OutboxEntry): boolean {
  return retriedMs(entry.attempts) >= GIVE_UP_AFTER_MS;
}

/**
 * How long to wait after a failed send before trying again: doubling from 1 s, the last wait shortened
 * so the tries span exactly the ten minutes (11 tries: 1 s, 2 s … 256 s, then 89 s).
 */
export function retryWaitMs(entry: OutboxEntry): number {
  return retriedMs(entry.attempts + 1) - retriedMs(entry.attempts);
}

/**
 * How long after the pump started a platform's surface may still attach. The composition root attaches
 * every platform it runs while starting (Slack once auth.test answers, Feishu at once; a start that fails
 * stops the process), so a platform still missing after this is not run here at all (the bot was
 * redeployed without it): its messages are given up like any undelivered message, or they would hold
 * their destinations forever. Ten minutes, like the tries of a failing send: far beyond a slow start.
 */
export const ATTACH_GRACE_MS = 10 * 60_000;
/** The longest wait between two looks for a surface that has not attached: how late a late attach is served. */
const ATTACH_WAIT_CAP_MS = 2 * 60_000;

/**
 * How long a message whose platform is not attached waits before it is looked at again (no try is
 * counted), or null when it is to be given up. It has waited since this process started or since it was
 * decided, whichever is later: an old message after a restart gets the whole grace from the start, and
 * a message just decided — by another replica that runs the platform, during a rolling deploy that adds
 * it — is not given up by a replica that has run without it for hours, before the other can send it.
 * The wait grows with that time — 1 s, 1 s, 2 s, 4 s … at most two minutes —, so start-up (surfaces
 * attach within seconds) and a new message are looked at again at once, and a platform that never comes
 * costs a dozen store writes per message, not one a second; the last wait ends at the grace mark.
 */
export function attachWaitMs(startedMs: number, decidedMs: number, nowMs: number): number | null {
  const waited = nowMs - Math.max(startedMs, decidedMs);
  if (waited >= ATTACH_GRACE_MS) return null;
  return Math.min(Math.max(FIRST_WAIT_MS, waited), ATTACH_WAIT_CAP_MS, ATTACH_GRACE_MS - waited);
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
