/** Slack's allowed clock difference for a signed request; Bolt refuses older timestamps. */
export const REPLAY_WINDOW_MS = 5 * 60 * 1000;

/**
 * Remembers the signatures of accepted requests for as long as their timestamp is acceptable, so a
 * captured request sent again (same signature and timestamp) is refused. Slack's own retries carry
 * a fresh timestamp and signature and pass; the core's idempotency key makes them harmless. Bolt
 * does not refuse timestamps from the future, so this guard also refuses those more than the
 * window ahead (they would otherwise outlive the memory).
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 50_000,
  ) {}

  /** True the first time a validly signed (signature, timestamp) pair is offered within the window. */
  admit(signature: string, timestampSec: number): boolean {
    const now = this.now();
    const signedAt = timestampSec * 1000;
    if (!Number.isFinite(signedAt) || signedAt > now + REPLAY_WINDOW_MS) return false;
    this.prune(now);
    const key = `${timestampSec}:${signature}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, Math.max(now, signedAt) + REPLAY_WINDOW_MS);
    return true;
  }

  private prune(now: number): void {
    // Insertion order is (nearly) expiry order, so the expired entries are at the front.
    for (const [key, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(key);
    }
    // A flood of distinct valid requests cannot grow memory without bound: forget the oldest.
    for (const key of this.seen.keys()) {
      if (this.seen.size <= this.maxEntries) break;
      this.seen.delete(key);
    }
  }
}
