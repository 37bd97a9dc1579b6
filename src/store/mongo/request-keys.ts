import { ferretDbRequestKeys } from './ferretdb/request-keys.js';
import { onMongoOrFerretDb } from './ferretdb.js';
import type { MongoParts } from './parts.js';

export interface RequestKeys {
  /** Before the commit that applies `key` to `releaseId`. */
  point(key: string | undefined, releaseId: string): Promise<void>;
  /** The release the key was applied to, if it was. */
  find(key: string): Promise<{ releaseId: string } | null>;
  /** After keys were forgotten by their release. */
  forget(keys: string[]): Promise<void>;
}

/**
 * Which release a request key was applied to. A key counts only inside its release document
 * (`idemKeys`, written by the commit's conditional write), and it is found there, through the multikey
 * index on `idemKeys` (parts.ts). A create also claims its key with a `request_keys` document in its
 * transaction (commit-in-transaction.ts): two deliveries of one form would otherwise insert two
 * different releases; that claim goes when the release forgets the key. On FerretDB a pointer per key
 * stands in for the index (ferretdb/request-keys.ts).
 */
export function requestKeys(p: MongoParts): RequestKeys {
  return onMongoOrFerretDb(
    p.isFerretDb,
    {
      point: async (_key: string | undefined, _releaseId: string) => {},
      async find(key: string) {
        const doc = await p.releases.findOne({ idemKeys: key }, { projection: { _id: 1 } });
        return doc ? { releaseId: doc._id } : null;
      },
      async forget(keys: string[]) {
        if (keys.length) await p.requestKeys.deleteMany({ _id: { $in: keys } });
      },
    },
    ferretDbRequestKeys(p),
  );
}
