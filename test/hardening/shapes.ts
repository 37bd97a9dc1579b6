/**
 * Systematic (not random) malformed payloads: every field of a real payload replaced, in turn, by
 * each value of the wrong kind. The random fuzz (mutate.ts) finds surprises; this one covers every
 * field once.
 */

/** A string far over any field's size (Slack's largest text field takes 3,000 characters). */
export const HUGE = 'x'.repeat(100_000);

/** What a field is replaced with: null, a number, a string, an array, a huge string. */
export const WRONG_KINDS: readonly unknown[] = [null, 42, 'x', ['x', 1], HUGE];

/** Whole bodies that are not objects: what `payload` (or the JSON body) may be instead. */
export const NOT_OBJECTS: readonly unknown[] = [
  null,
  0,
  -1.5,
  1e308,
  true,
  false,
  '',
  'payload',
  [],
  [{}],
  [1, 'a'],
];

type Path = (string | number)[];

/** Every path in the tree (containers and leaves, not the root). */
export function pathsOf(value: unknown, depth = 0): Path[] {
  if (typeof value !== 'object' || value === null || depth > 12) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[k], ...pathsOf(v, depth + 1).map((p) => [k, ...p])]);
}

/** A deep copy of `value` with the field at `path` set to `to`. */
export function replaced<T>(value: T, path: Path, to: unknown): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = to;
  return copy as T;
}

/** Each field of `value` replaced by each wrong kind, named for the failure message. */
export function everyFieldReplaced<T>(value: T): { name: string; body: T }[] {
  return pathsOf(value).flatMap((path) =>
    WRONG_KINDS.map((to) => ({
      name: `${path.join('.')} = ${typeof to === 'string' && to.length > 10 ? 'huge string' : JSON.stringify(to)}`,
      body: replaced(value, path, to),
    })),
  );
}
