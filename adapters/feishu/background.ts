/**
 * Work that may outlive the answer to Feishu. Card callbacks must be answered within 3 s; the
 * handler waits up to `answerWithinMs` for the work and otherwise answers "working on it" and
 * lets it finish. Pending work is tracked so shutdown (and tests) can wait for it.
 */
export class Background {
  private readonly pending = new Set<Promise<unknown>>();

  /** Runs `work`; resolves with its result, or with `undefined` if it takes longer than `ms`. */
  async within<T>(
    ms: number,
    work: Promise<T>,
  ): Promise<{ done: true; value: T } | { done: false; later: Promise<T> }> {
    this.track(work);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    try {
      const first = await Promise.race([work.then((value) => ({ value })), timeout]);
      return first === 'timeout' ? { done: false, later: work } : { done: true, value: first.value };
    } finally {
      clearTimeout(timer);
    }
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
