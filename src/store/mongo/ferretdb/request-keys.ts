import { isDuplicateKey } from '../duplicate-key.js';
import type { MongoParts } from '../parts.js';
import type { RequestKeys } from '../request-keys.js';

/**
 * FerretDB only: where to find a request key. On MongoDB a key is found through the releases'
 * multikey index on `idemKeys` (request-keys.ts). FerretDB v1 answers nothing but a lone `_id` from an
 * index, so that look-up read every release; here a pointer, one document per key under the key as
 * `_id`, says which release to look in. The key itself still counts only inside its release document
 * (`idemKeys`, written by the commit itself).
 *
 * The pointer is written before the commit and verified against the release on every read, so a
 * writer killed in between leaves a pointer that matches nothing, and a retry of the same request
 * rewrites it with the same target.
 */
export function ferretDbRequestKeys(p: MongoParts): RequestKeys {
  return {
    /**
     * Before the commit that applies `key` to `releaseId`. An insert: the collection grows by one
     * document per request, and FerretDB v1 reads all of it for an update (even by `_id`) but not for
     * an insert. Only a retried request finds its pointer there already, and then it is rewritten (a
     * form's retry may create a different release than the attempt that lost a race for its number).
     */
    async point(key: string | undefined, releaseId: string): Promise<void> {
      if (key === undefined) return;
      try {
        await p.requestKeys.insertOne({ _id: key, releaseId });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await p.requestKeys.updateOne({ _id: key }, { $set: { releaseId } });
      }
    },
    async find(key: string): Promise<{ releaseId: string } | null> {
      const pointer = await p.requestKeys.findOne({ _id: key });
      if (!pointer) return null;
      const doc = await p.releases.findOne({ _id: pointer.releaseId }, { projection: { idemKeys: 1 } });
      return doc?.idemKeys.includes(key) ? { releaseId: pointer.releaseId } : null;
    },
    async forget(keys: string[]): Promise<void> {
      // One `_id` each: FerretDB v1 reads the whole collection for `$in`.
      await Promise.all(keys.map((_id) => p.requestKeys.deleteOne({ _id })));
    },
  };
}
