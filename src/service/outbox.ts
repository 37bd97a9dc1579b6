import type { Effect, Release } from '../domain/types.js';
import type { OutboxEntry } from '../store/port.js';

/** Effects that send messages go to the outbox; timer effects are applied by syncing the scheduler. */
export function toOutbox(release: Release, effects: readonly Effect[], now: Date): OutboxEntry[] {
  const at = now.toISOString();
  return effects
    .filter((e) => e.type !== 'schedule' && e.type !== 'cancel_timers')
    .map((effect, i) => ({
      key: `${release.id}#${release.version}#${i}`,
      releaseId: release.id,
      // Action cards remember the stage entry they were for: delivered late, a stale one is dropped.
      effect:
        effect.type === 'notify'
          ? { ...effect, params: { ...effect.params, stageEntry: release.stageEntry } }
          : effect,
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
