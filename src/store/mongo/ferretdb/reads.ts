import type { MongoParts } from '../parts.js';

/**
 * FerretDB only: the versions of these releases, one `_id` read each, side by side. On MongoDB this is
 * one `find({_id: {$in: ids}})` served by the `_id` index; FerretDB v1 answers only a lone `_id` from
 * an index and reads the whole collection for `$in`.
 */
export async function ferretDbReleaseVersions(
  p: MongoParts,
  ids: string[],
): Promise<{ _id: string; version: number }[]> {
  const found = await Promise.all(
    ids.map((_id) => p.releases.findOne({ _id }, { projection: { version: 1 } })),
  );
  return found.filter((r) => r !== null);
}
