import type { Filter } from 'mongodb';
import type { AuditEvent, PersonId, Release, TimerState } from '../../domain/types.js';
import type { ReleaseQuery } from '../port.js';
import { type ReleaseDoc, toMs } from './docs.js';
import type { MongoParts } from './parts.js';
import { requestKeys } from './request-keys.js';
import { areCommitted } from './seen-versions.js';

const NEWEST_FIRST = { createdAtMs: -1, number: -1 } as const;
const DEFAULT_LIMIT = 100;
type TimerOf = { releaseId: string; timer: TimerState };

/** The read side of the store; every filter is on a top-level derived field with an index (parts.ts). */
export function releaseQueries(p: MongoParts) {
  const releasesWhere = async (filter: Filter<ReleaseDoc>, limit = 0): Promise<Release[]> => {
    const docs = await p.releases
      .find(filter, { projection: { release: 1 } })
      .sort(NEWEST_FIRST)
      .limit(limit)
      .toArray();
    return docs.map((d) => d.release);
  };
  const timersWhere = async (
    filter: Filter<ReleaseDoc>,
    due: (t: TimerState) => boolean,
  ): Promise<TimerOf[]> => {
    const docs = await p.releases.find(filter, { projection: { 'release.timers': 1 } }).toArray();
    const out = docs.flatMap((d) =>
      d.release.timers.filter(due).map((timer) => ({ releaseId: d._id, timer })),
    );
    return out.sort(
      (a, b) => toMs(a.timer.dueAt) - toMs(b.timer.dueAt) || a.releaseId.localeCompare(b.releaseId),
    );
  };

  /** The newest `limit` releases matching `filter`, and how many match in all. */
  const page = async (
    filter: Filter<ReleaseDoc>,
    limit: number,
  ): Promise<{ releases: Release[]; total: number }> => {
    // limit 0 means no limit to the driver; an empty page is asked for as one.
    const releases = limit > 0 ? await releasesWhere(filter, limit) : [];
    // A page that is not full is all there is; only a full one needs counting.
    const total = releases.length < limit ? releases.length : await p.releases.countDocuments(filter);
    return { releases, total };
  };

  return {
    async load(id: string): Promise<Release | null> {
      const doc = await p.releases.findOne({ _id: id }, { projection: { release: 1 } });
      if (doc) p.seen.note(id, doc.release.version);
      return doc ? doc.release : null;
    },
    findByIdempotencyKey: (key: string) => requestKeys(p).find(key),
    pendingFor: (person: PersonId, limit: number) => page({ awaitingOpen: person, status: 'active' }, limit),
    openBy: (person: PersonId, limit: number) => page({ requester: person, status: 'active' }, limit),
    async list(q: ReleaseQuery): Promise<Release[]> {
      // An empty status list asks for nothing, not for everything.
      if (q.status && q.status.length === 0) return [];
      return releasesWhere(listFilter(q), q.limit ?? DEFAULT_LIMIT);
    },
    dueTimers(now: string) {
      const nowMs = toMs(now);
      return timersWhere({ timerDueMs: { $lte: nowMs }, status: 'active' }, (t) => toMs(t.dueAt) <= nowMs);
    },
    allTimers: () => timersWhere({ status: 'active' }, () => true),
    async events(releaseId: string): Promise<AuditEvent[]> {
      const docs = await p.events.find({ releaseId }).sort({ seq: 1 }).toArray();
      const committed = await areCommitted(p, docs);
      return docs.filter((_, i) => committed[i]).map((d) => d.event);
    },
    async event(releaseId: string, seq: number): Promise<AuditEvent | null> {
      const id = `${releaseId}#${seq}`;
      // Committed by this process a moment ago, most likely (the message it decided is being sent).
      const recent = p.recentEvents.get(id);
      if (recent) return recent;
      // By `_id` (staging.ts names events so): FerretDB v1 answers no other lookup from an index.
      const doc = await p.events.findOne({ _id: id });
      if (!doc) return null;
      // A staged event of a commit that has not landed (or never will) is not part of the trail yet.
      const [committed] = await areCommitted(p, [doc]);
      return committed ? doc.event : null;
    },
  };
}

/**
 * Window overlap with [from, to): the window starts before `to` and ends after `from`; a single-instant
 * window counts if it lies inside [from, to). Releases without a window never match a window filter.
 */
function listFilter(q: ReleaseQuery): Filter<ReleaseDoc> {
  const and: Filter<ReleaseDoc>[] = [];
  if (q.status) and.push({ status: { $in: q.status } });
  if (q.system !== undefined) and.push({ system: q.system });
  if (q.requester !== undefined) and.push({ requester: q.requester });
  if (q.flowId !== undefined) and.push({ flowId: q.flowId });
  if (q.windowFrom !== undefined || q.windowTo !== undefined) and.push({ winStartMs: { $ne: null } });
  if (q.windowTo !== undefined) and.push({ winStartMs: { $lt: toMs(q.windowTo) } });
  if (q.windowFrom !== undefined) {
    const from = toMs(q.windowFrom);
    and.push({ $or: [{ winEndMs: { $gt: from } }, { winInstant: true, winStartMs: { $gte: from } }] });
  }
  return and.length ? { $and: and } : {};
}
