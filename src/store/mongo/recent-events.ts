import type { AuditEvent } from '../../domain/types.js';

/** How many committed events a process keeps at hand (the oldest noted is forgotten first). */
const KEPT = 2_000;

/**
 * Events this process committed a moment ago, by `_id` (`${releaseId}#${seq}`). Delivering a message
 * quotes the event that decided it (a thread reply, a closed card), and that is nearly always an event
 * this very process has just committed: answering from here spares a read of the events collection,
 * which grows with every click and which FerretDB v1 reads whole even for one `_id`. A committed event
 * never changes, so a kept one is never out of date.
 */
export function recentEvents() {
  const kept = new Map<string, AuditEvent>();
  return {
    /** After the commit that made these events part of the trail (never before: staged is not committed). */
    note(events: { _id: string; event: AuditEvent }[]): void {
      for (const { _id, event } of events) {
        kept.delete(_id);
        kept.set(_id, event);
        if (kept.size > KEPT) {
          const oldest = kept.keys().next().value;
          if (oldest !== undefined) kept.delete(oldest);
        }
      }
    },
    get: (id: string): AuditEvent | undefined => kept.get(id),
  };
}

export type RecentEvents = ReturnType<typeof recentEvents>;
