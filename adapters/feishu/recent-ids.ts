/**
 * Event ids seen lately. Feishu re-pushes an event it thinks went unanswered (same
 * `event_id`), possibly while the first delivery is still running; the first one wins.
 * The core's idempotency key covers restarts; this keeps a re-push from even reaching it.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 6 * 60 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is offered within the TTL; records it synchronously. */
  firstTime(id: string): boolean {
    const t = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.set(id, t);
    if (this.seen.size > this.max) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
