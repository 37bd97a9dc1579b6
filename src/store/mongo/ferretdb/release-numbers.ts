import { isDuplicateKey } from '../duplicate-key.js';
import type { MongoParts } from '../parts.js';

/**
 * FerretDB only: the next REL-n number. On MongoDB it is one `$inc` of a counter document
 * (refs-and-flows.ts), which the server applies to one caller at a time. FerretDB v1 runs findAndModify
 * as "read, then write back", so two callers could both read n and both get n + 1. Here numbers are
 * handed out by inserting `release#n` (unique `_id`), starting above the highest taken: of two callers
 * inserting one number, exactly one succeeds and the other tries the next.
 */
export async function ferretDbNextReleaseNumber(p: MongoParts): Promise<number> {
  const highest = await p.numbers.find().sort({ n: -1 }).limit(1).next();
  let n = (highest?.n ?? 0) + 1;
  for (let tries = 0; tries < 1000; tries += 1, n += 1) {
    try {
      await p.numbers.insertOne({ _id: `release#${n}`, n });
      return n;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('mongo store: could not take a release number after 1000 tries');
}
