import type { AuditEvent } from '../domain/types.js';

/**
 * When a request key was applied: the newest event of its transition, stamped by the core's clock (so
 * the stores need no clock of their own and tests move time by giving times), else now.
 */
export function requestKeyTime(events: readonly AuditEvent[]): number {
  const times = events.map((e) => Date.parse(e.at)).filter((ms) => Number.isFinite(ms));
  return times.length ? Math.max(...times) : Date.now();
}
