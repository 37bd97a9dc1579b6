/** What a request's work came to by the deadline: its result, or the promise still running. */
export type InTime<T> = { done: true; value: T } | { done: false; later: Promise<T> };

/**
 * Waits for `work` up to `ms`. Slack and Feishu both want an answer within 3 s, so an adapter that
 * answers only after the core has committed still answers in time when the store is slow; the work
 * keeps running and its result is passed on when it comes.
 */
export async function withinDeadline<T>(ms: number, work: Promise<T>): Promise<InTime<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), deadline]);
    return first === 'late' ? { done: false, later: work } : { done: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}
