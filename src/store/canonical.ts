import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so two equal values always give the same text no matter
 * in which order their keys were written (YAML files get reordered; a flow is not "changed" by that).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** sha256 of the canonical JSON; what `putFlow` compares to tell 'same' from 'changed'. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    // JSON.stringify drops undefined members; drop them here too so {a: undefined} equals {}.
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
