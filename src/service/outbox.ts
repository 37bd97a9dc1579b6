import type { Effect, Release } from '../domain/types.js';
import type { OutboxEntry } from '../store/port.js';

/**
 * Effects that send messages go to the outbox; timer effects are applied by syncing the scheduler.
 * A message to several people becomes one entry per person: an entry is retried as a whole, so one
 * unreachable recipient must not make the others get theirs again on every retry.
 */
export function toOutbox(release: Release, effects: readonly Effect[], now: Date): OutboxEntry[] {
  const at = now.toISOString();
  const messages = effects.flatMap((effect): Effect[] => {
    if (effect.type === 'schedule' || effect.type === 'cancel_timers') return [];
    if (effect.type !== 'notify') return [effect];
    // Action cards remember the stage entry they were for: delivered late, a stale one is dropped.
    const params = { ...effect.params, stageEntry: release.stageEntry };
    return effect.to.map((person) => ({ ...effect, to: [person], params }));
  });
  return messages.map((effect, i) => ({
    key: `${release.id}#${release.version}#${i}`,
    releaseId: release.id,
    effect,
    version: release.version,
    createdAt: at,
    attempts: 0,
    notBefore: at,
  }));
}

/** Sort key: release, then version, then position — the order a release's messages must go out in. */
export function outboxOrder(a: OutboxEntry, b: OutboxEntry): number {
  if (a.releaseId !== b.releaseId) return a.releaseId < b.releaseId ? -1 : 1;
  if (a.version !== b.version) return a.version - b.version;
  return Number(a.key.split('#')[2]) - Number(b.key.split('#')[2]);
}

/**
 * Where a message goes, as far as its order matters: the release's channel (the status card, its
 * thread and the announcements), one person's DM and cards, or — for closing a stage entry's cards,
 * which a later or earlier message never contradicts (a card sent late for a stage left behind is
 * dropped as stale) — a destination of its own. A message waits for an earlier one to the same
 * destination of the same release; messages to other destinations go meanwhile.
 */
export function destinationOf(entry: Pick<OutboxEntry, 'releaseId' | 'effect'>): string {
  const effect = entry.effect;
  const to = (() => {
    switch (effect.type) {
      case 'status_card':
      case 'announce':
        return 'channel';
      case 'notify':
        return `person:${effect.to.join(',')}`;
      case 'refresh_cards':
        return `person:${effect.person}`;
      case 'close_cards':
        return `close:${effect.stageEntry}`;
      // Each webhook gets a release's events in order; one that is down holds up only its own.
      case 'webhook':
        return `webhook:${effect.hook}`;
      case 'schedule':
      case 'cancel_timers':
        return effect.type;
    }
  })();
  return `${entry.releaseId}|${to}`;
}
