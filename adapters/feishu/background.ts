import { type InTime, withinDeadline } from '../../src/time/deadline.js';

/**
 * Work that may outlive the answer to Feishu. Card callbacks must be answered within 3 s; the
 * handler waits up to `answerWithinMs` for the work and otherwise answers "working on it" and
 * lets it finish. Pending work is tracked so shutdown (and tests) can wait for it.
 */
export class Background {
  private readonly pending = new Set<Promise<unknown>>();

  /** Runs `work`, tracked; its result if it comes within `ms`, else the promise still running. */
  within<T>(ms: number, work: Promise<T>): Promise<InTime<T>> {
    this.track(work);
    return withinDeadline(ms, work);
  }

  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Resolves when everything started so far has settled. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
