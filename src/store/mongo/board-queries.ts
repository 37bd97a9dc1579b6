import type { Filter } from 'mongodb';
import type { AuditEvent } from '../../domain/types.js';
import { type ReleasePage, type ReleaseSearch, SEARCH_COUNT_CAP } from '../port.js';
import { searchText } from '../search-text.js';
import { type ReleaseDoc, toMs } from './docs.js';
import type { MongoParts } from './parts.js';
import { areCommitted } from './seen-versions.js';

const NEWEST_FIRST = { createdAtMs: -1, number: -1 } as const;
/** What a person typed, matched literally inside a regular expression. */
const literal = (piece: string) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The board's search as a MongoDB filter on the documents' top-level derived fields (indexed in parts.ts). */
function searchFilter(q: ReleaseSearch): Filter<ReleaseDoc> {
  const and: Filter<ReleaseDoc>[] = [];
  if (q.status) and.push({ status: { $in: q.status } });
  if (q.system !== undefined) and.push({ system: q.system });
  if (q.flowId !== undefined) and.push({ flowId: q.flowId });
  if (q.requester !== undefined) and.push({ requester: q.requester });
  if (q.decider !== undefined) and.push({ deciders: q.decider });
  const field = q.dateField === 'launched' ? 'launchedAtMs' : 'createdAtMs';
  if (q.from !== undefined) and.push({ [field]: { $gte: toMs(q.from) } });
  if (q.to !== undefined) and.push({ [field]: { $lt: toMs(q.to) } });
  const text = searchText(q.text);
  if (text) {
    const pattern = { $regex: literal(text.piece), $options: 'i' };
    const any: Filter<ReleaseDoc>[] = [{ 'release.title': pattern }, { system: pattern }];
    if ('id' in text) any.unshift({ _id: text.id });
    and.push({ $or: any });
  }
  if (q.visibleTo)
    and.push({ $or: [{ team: { $in: [...q.visibleTo.teams] } }, { requester: q.visibleTo.person }] });
  return and.length ? { $and: and } : {};
}

/** The release board's reads on MongoDB. */
export function boardQueries(p: MongoParts) {
  return {
    async search(q: ReleaseSearch): Promise<ReleasePage> {
      if (q.status && q.status.length === 0) return { releases: [], total: 0 };
      const filter = searchFilter(q);
      const page: Filter<ReleaseDoc> = q.after
        ? {
            $and: [
              filter,
              {
                $or: [
                  { createdAtMs: { $lt: toMs(q.after.createdAt) } },
                  { createdAtMs: toMs(q.after.createdAt), number: { $lt: q.after.number } },
                ],
              },
            ],
          }
        : filter;
      const docs = await p.releases
        .find(page, { projection: { release: 1 } })
        .sort(NEWEST_FIRST)
        .limit(q.limit + 1)
        .toArray();
      const releases = docs.slice(0, q.limit).map((d) => d.release);
      const counted =
        !q.after && docs.length <= q.limit
          ? docs.length
          : await p.releases.countDocuments(filter, { limit: SEARCH_COUNT_CAP + 1 });
      const total = Math.min(counted, SEARCH_COUNT_CAP);
      const last = releases.at(-1);
      return {
        releases,
        total,
        ...(counted > SEARCH_COUNT_CAP ? { totalCapped: true } : {}),
        ...(docs.length > q.limit && last
          ? { next: { createdAt: last.createdAt, number: last.number } }
          : {}),
      };
    },
    async eventsOf(ids: readonly string[]): Promise<Map<string, AuditEvent[]>> {
      const out = new Map<string, AuditEvent[]>();
      if (!ids.length) return out;
      const docs = await p.events
        .find({ releaseId: { $in: [...ids] } })
        .sort({ releaseId: 1, seq: 1 })
        .toArray();
      // A staged event of a commit that has not landed is not part of the trail yet (staging.ts).
      const committed = await areCommitted(p, docs);
      docs.forEach((d, i) => {
        if (!committed[i]) return;
        out.set(d.releaseId, [...(out.get(d.releaseId) ?? []), d.event]);
      });
      return out;
    },
  };
}
