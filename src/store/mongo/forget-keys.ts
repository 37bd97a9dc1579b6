import type { ReleaseDoc } from './docs.js';
import { ferretDbForgetRequestKeys } from './ferretdb/forget-keys.js';
import type { MongoParts } from './parts.js';
import { requestKeys } from './request-keys.js';

/**
 * Forgets request keys applied before `beforeMs`. The keys live in the release documents (so they
 * count together with the commit that applied them); each release holding old ones is rewritten by
 * one update conditional on the version it was read at, which MongoDB applies atomically: a commit in
 * between (its transaction writes the same document) makes it match nothing, and that release is left
 * for the next round. FerretDB's conditional update is not single-winner; there it takes a commit's
 * ticket (ferretdb/forget-keys.ts).
 */
export async function forgetRequestKeys(p: MongoParts, beforeMs: number): Promise<number> {
  if (await p.isFerretDb()) return ferretDbForgetRequestKeys(p, beforeMs);
  let forgotten = 0;
  const stale = p.releases.find(
    { idemKeyTimes: { $lt: beforeMs } },
    { projection: { idemKeys: 1, idemKeyTimes: 1, version: 1 } },
  );
  for await (const doc of stale) {
    const { kept, gone } = keysKept(doc, beforeMs);
    const written = await p.releases.updateOne({ _id: doc._id, version: doc.version }, { $set: kept });
    if (written.matchedCount === 0) continue;
    forgotten += gone.length;
    await requestKeys(p).forget(gone);
  }
  return forgotten;
}

/** A release's request keys split at `beforeMs`: those kept (with their times) and those to forget. */
export function keysKept(
  doc: Pick<ReleaseDoc, 'idemKeys' | 'idemKeyTimes'>,
  beforeMs: number,
): { kept: Pick<ReleaseDoc, 'idemKeys' | 'idemKeyTimes'>; gone: string[] } {
  // A key without a time (written before keys had one) is kept, stamped `beforeMs`: a later round forgets it.
  const times = doc.idemKeys.map((_, i) => doc.idemKeyTimes?.[i] ?? beforeMs);
  const keep = times.map((t) => t >= beforeMs);
  return {
    kept: { idemKeys: doc.idemKeys.filter((_, i) => keep[i]), idemKeyTimes: times.filter((_, i) => keep[i]) },
    gone: doc.idemKeys.filter((_, i) => !keep[i]),
  };
}
