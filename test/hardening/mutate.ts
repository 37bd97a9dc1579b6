/**
 * Seeded mutation of JSON payloads for the fuzz tests: the same seed gives the same mutants, so a
 * failure names a seed that reproduces it.
 */

/** mulberry32: a small, well-known 32-bit PRNG; good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

/** Values of the wrong kind, odd sizes and odd text. None of them is a real person's id. */
function oddValue(rng: Rng): unknown {
  const odd: (() => unknown)[] = [
    () => null,
    () => 0,
    () => -1,
    () => 1e308,
    () => 2 ** 53 + 1,
    () => true,
    () => [],
    () => ({}),
    () => '',
    () => ' ',
    () => 'x'.repeat(100_000),
    () => '中文テキスト🚀𝔘\u0000\u202e\uFEFF\uD800',
    () => 'REL-１',
    () => 'REL-999999999999',
    () => '../../etc/passwd',
    () => '{"r":"REL-1","e":',
    () => '<script>alert(1)</script>',
    () => '%00%ff',
    () => ({ $gt: '' }),
    () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    () => JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`),
    () => Array.from({ length: 200 }, (_, i) => i),
    () => rng().toString(36),
  ];
  return pick(rng, odd)();
}

type Json = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** Every (container, key) in the tree, so one can be picked at random. */
function slots(root: Json, protect: ReadonlySet<string>): [Json, string | number][] {
  const out: [Json, string | number][] = [];
  const walk = (node: Json, depth: number) => {
    if (depth > 12) return;
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node);
    for (const [k, v] of entries) {
      if (!protect.has(String(k))) out.push([node, k]);
      if (isContainer(v)) walk(v, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/**
 * One to three random mutations of a deep copy: delete a field, replace it with a value of the
 * wrong kind, truncate or bloat a string, duplicate array items, add unknown fields. Keys in
 * `protect` (e.g. Slack's response_url, which the bot calls back) are never rewritten, only dropped.
 */
export function mutate<T>(value: T, rng: Rng, protect: ReadonlySet<string> = new Set()): T {
  const root = structuredClone(value) as unknown as Json;
  const n = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < n; i++) {
    const all = slots(root, protect);
    const op = rng();
    if (!all.length || op < 0.1) {
      if (!Array.isArray(root)) (root as Record<string, unknown>)[`extra_${i}`] = oddValue(rng);
      continue;
    }
    const [node, key] = pick(rng, all);
    const current = (node as Record<string | number, unknown>)[key];
    if (op < 0.3) {
      if (Array.isArray(node) && typeof key === 'number') node.splice(key, 1);
      else delete (node as Record<string, unknown>)[key as string];
    } else if (op < 0.6) {
      (node as Record<string | number, unknown>)[key] = oddValue(rng);
    } else if (op < 0.8 && typeof current === 'string') {
      (node as Record<string | number, unknown>)[key] =
        rng() < 0.5 ? current.slice(0, Math.floor(rng() * current.length)) : current + oddValue(rng);
    } else if (op < 0.9 && Array.isArray(current) && current.length) {
      current.push(...current);
    } else if (isContainer(current) && !Array.isArray(current)) {
      current[`extra_${i}`] = oddValue(rng);
    } else {
      (node as Record<string | number, unknown>)[key] = typeof current === 'number' ? String(current) : 42;
    }
  }
  return root as unknown as T;
}

/** Sometimes the body itself arrives cut short (a proxy, a bug); still correctly signed. */
export function maybeTruncate(body: string, rng: Rng, p = 0.08): string {
  return rng() < p ? body.slice(0, Math.floor(rng() * body.length)) : body;
}
