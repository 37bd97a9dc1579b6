import type { OutboxEntry } from '../store/port.js';
import { deliverEffect, SurfaceNotAttached } from './deliver-effect.js';
import type { CoreDeps } from './deps.js';
import { outboxOrder } from './outbox.js';

const BATCH = 100;
const CLAIM_STALE_MS = 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;

export interface Delivery {
  /** Delivers what is pending now; concurrent calls coalesce into one more round. */
  kick(): Promise<void>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/**
 * The outbox pump. Messages were stored with their transition; this sends them afterwards, in
 * order per release, claiming each so that only one process sends it, retrying with backoff.
 */
export function createDelivery(deps: CoreDeps, instanceId: string): Delivery {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  /** One batch; true when it was full and moved, so more may be waiting behind it. */
  async function round(): Promise<boolean> {
    const now = deps.now();
    const pending = (await deps.store.pendingOutbox(now.toISOString(), BATCH)).sort(outboxOrder);
    const blocked = new Set<string>();
    let delivered = 0;
    for (const entry of pending) {
      if (blocked.has(entry.releaseId)) continue;
      if (!(await deps.store.claimOutbox(entry.key, instanceId, deps.now().toISOString(), CLAIM_STALE_MS))) {
        blocked.add(entry.releaseId);
        continue;
      }
      try {
        await deliverEffect(deps, entry);
        await deps.store.markDelivered(entry.key);
        delivered++;
      } catch (err) {
        blocked.add(entry.releaseId);
        await defer(entry, err);
      }
    }
    return pending.length === BATCH && delivered > 0;
  }

  async function defer(entry: OutboxEntry, err: unknown) {
    const waiting = err instanceof SurfaceNotAttached;
    const waitMs = waiting ? 1000 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** entry.attempts);
    deps.log[waiting ? 'debug' : 'warn'](
      { err, key: entry.key, attempts: entry.attempts + 1, retryInMs: waitMs },
      'message delivery failed',
    );
    await deps.store
      .deferOutbox(entry.key, new Date(deps.now().getTime() + waitMs).toISOString(), String(err))
      .catch(() => {});
  }

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        // A burst leaves more than one batch behind: keep going instead of waiting for the sweep,
        // which would let a backlog out at only one batch per interval.
        let more: boolean;
        do {
          again = false;
          more = await round();
        } while (again || more);
      } catch (err) {
        deps.log.error({ err }, 'outbox round failed');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    kick,
    start(intervalMs) {
      timer = setInterval(() => void kick(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
