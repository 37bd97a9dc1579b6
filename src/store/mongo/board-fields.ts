import { boardFields } from './docs.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { MongoParts } from './parts.js';

const MIGRATION = 'board-fields-1';

/**
 * Fills the board's fields into release documents written before they existed, once per database: who
 * decided at a gate comes from the audit trail, since those releases never kept it. Idempotent, so two
 * replicas starting at once both finish it harmlessly.
 */
export async function backfillBoardFields(p: MongoParts): Promise<void> {
  const marks = p.db.collection<{ _id: string; atMs: number }>('migrations');
  if (await marks.findOne({ _id: MIGRATION })) return;
  const deciders = new Map<string, Set<string>>();
  const decisions = p.events.find(
    { 'event.what': { $in: ['approve', 'reject'] } },
    { projection: { releaseId: 1, 'event.actor.person': 1 } },
  );
  for await (const doc of decisions) {
    const set = deciders.get(doc.releaseId) ?? new Set<string>();
    set.add(doc.event.actor.person);
    deciders.set(doc.releaseId, set);
  }
  for await (const doc of p.releases.find(
    { launchedAtMs: { $exists: false } },
    { projection: { release: 1 } },
  )) {
    const past = [...(deciders.get(doc._id) ?? [])];
    const known = doc.release.deciders ?? [];
    const all = [...new Set([...known, ...past])];
    // Kept in the release too, so the engine goes on from them (a commit derives the field from it).
    await p.releases.updateOne(
      { _id: doc._id },
      {
        $set: {
          ...boardFields({ ...doc.release, deciders: all }),
          ...(all.length > known.length ? { 'release.deciders': all } : {}),
        },
      },
    );
  }
  // Replicas starting together may both get here: the second insert finds the mark, which is all it wanted.
  await marks.insertOne({ _id: MIGRATION, atMs: Date.now() }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
}
