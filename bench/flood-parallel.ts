/** Runs `count` jobs with at most `width` in flight. */
export async function inParallel(
  count: number,
  width: number,
  job: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await job(next++);
    }),
  );
}
