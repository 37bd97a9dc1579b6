/**
 * Waits until `count` reports nothing left, for as long as the number left keeps going down: it fails
 * only when nothing has moved for `stallMs`. A drill on a busy machine checks that the work finishes,
 * not how fast (a fixed deadline failed slow but healthy runs; speed is measured in bench/).
 */
export async function untilNoneLeft(
  count: () => Promise<{ left: number; what: () => string }> | { left: number; what: () => string },
  stallMs = 60_000,
): Promise<void> {
  let fewest = Number.POSITIVE_INFINITY;
  let movedAt = Date.now();
  for (;;) {
    const now = await count();
    if (now.left === 0) return;
    if (now.left < fewest) {
      fewest = now.left;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) {
      throw new Error(`nothing moved for ${stallMs / 1000} s: ${now.what()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
