import { createHash } from 'node:crypto';
import type { AuditEvent } from '../domain/types.js';

/** Hash of the empty chain: what the first event of every release points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so a hash does not depend on key order after a round-trip. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { hash: _ignored, ...rest } = event as AuditEvent;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

/** Seals an event onto the chain: sets `prevHash` and `hash`. */
export function sealEvent(event: Omit<AuditEvent, 'hash' | 'prevHash'>, prevHash: string): AuditEvent {
  const withPrev = { ...event, prevHash };
  return { ...withPrev, hash: hashEvent(withPrev) };
}

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; seq: number; problem: 'edited' | 'broken_link' | 'missing' | 'tail_removed' };

/**
 * Checks a release's audit trail: every event's hash matches its content, links to the one
 * before, sequence numbers have no gap, and the newest hash is the one the release remembers.
 */
export function verifyChain(
  events: readonly AuditEvent[],
  expected?: { lastHash: string; count: number },
): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1) return { ok: false, seq: i + 1, problem: 'missing' };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'broken_link' };
    if (hashEvent(e) !== e.hash) return { ok: false, seq: e.seq, problem: 'edited' };
    prev = e.hash;
  }
  if (expected && (expected.count !== events.length || expected.lastHash !== prev))
    return { ok: false, seq: events.length + 1, problem: 'tail_removed' };
  return { ok: true, count: events.length };
}
