import { ferretDbReleaseVersions } from './ferretdb/reads.js';
import type { MongoParts } from './parts.js';

/** How many releases' versions a process remembers (the oldest noted is forgotten first). */
const REMEMBERED = 10_000;

/**
 * The newest version this process has seen each release at. Versions only grow, so a staged document
 * whose commit version is at most that is committed, and a reader can tell so without reading the
 * release again: a message being delivered, or the event its thread reply quotes, was nearly always
 * committed by this very process a moment before.
 */
export function seenVersions() {
  const seen = new Map<string, number>();
  return {
    note(releaseId: string, version: number): void {
      const known = seen.get(releaseId);
      if (known !== undefined && known >= version) return;
      seen.delete(releaseId);
      seen.set(releaseId, version);
      if (seen.size > REMEMBERED) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
    },
    covers(releaseId: string, version: number): boolean {
      return (seen.get(releaseId) ?? 0) >= version;
    },
  };
}

export type SeenVersions = ReturnType<typeof seenVersions>;

/**
 * Which of these staged documents are committed (their release has reached their commit version): from
 * what this process has seen, else from one read of the releases it has not (`{_id: {$in: …}}`).
 */
export async function areCommitted(
  p: MongoParts,
  docs: { releaseId: string; commitVersion: number }[],
): Promise<boolean[]> {
  const unsure = [
    ...new Set(docs.filter((d) => !p.seen.covers(d.releaseId, d.commitVersion)).map((d) => d.releaseId)),
  ];
  if (unsure.length) for (const r of await releaseVersions(p, unsure)) p.seen.note(r._id, r.version);
  return docs.map((d) => p.seen.covers(d.releaseId, d.commitVersion));
}

async function releaseVersions(p: MongoParts, ids: string[]): Promise<{ _id: string; version: number }[]> {
  if (await p.isFerretDb()) return ferretDbReleaseVersions(p, ids);
  return p.releases.find({ _id: { $in: ids } }, { projection: { version: 1 } }).toArray();
}
