import type { MessageRef } from '../../domain/types.js';
import type { FlowSpec } from '../../flow/schema.js';
import { canonicalHash } from '../canonical.js';
import { isDuplicateKey } from './duplicate-key.js';
import { ferretDbNextReleaseNumber } from './ferretdb/release-numbers.js';
import type { MongoParts } from './parts.js';

/** The release counter's `_id` in `release_numbers` (on MongoDB; see nextReleaseNumber). */
const COUNTER = 'counter';

/** Message refs (cards the bot may edit), the flow versions releases pin, and release numbers. */
export function refsAndFlows(p: MongoParts) {
  return {
    /**
     * One document per release, each ref a field of it, written with `$set` by `_id`: the latest ref
     * wins, and all of a release's refs are one read. On MongoDB a `$set` of one field is atomic. FerretDB
     * v1 applies an update as read, then write back, so two refs of one release saved at the same instant
     * could lose one; they are not, as a release's messages go out one at a time, in order, each under
     * its claim (only a message in backoff lets a later one pass it).
     */
    async saveMessageRef(releaseId: string, key: string, ref: MessageRef): Promise<void> {
      // An upsert racing another may hit the unique _id, and then the update applies.
      const write = () =>
        p.messageRefs.updateOne(
          { _id: releaseId },
          { $set: { [`refs.${fieldOf(key)}`]: ref } },
          { upsert: true },
        );
      try {
        await write();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await write();
      }
    },
    async messageRefs(releaseId: string): Promise<Record<string, MessageRef>> {
      const doc = await p.messageRefs.findOne({ _id: releaseId });
      return Object.fromEntries(Object.entries(doc?.refs ?? {}).map(([field, ref]) => [keyOf(field), ref]));
    },
    /** The insert under `${id}@${version}` decides between two processes starting together. */
    async putFlow(flow: FlowSpec): Promise<'stored' | 'same' | 'changed'> {
      const hash = canonicalHash(flow);
      try {
        await p.flows.insertOne({ _id: `${flow.id}@${flow.version}`, hash, json: JSON.stringify(flow) });
        return 'stored';
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const existing = await p.flows.findOne({ _id: `${flow.id}@${flow.version}` });
      return existing?.hash === hash ? 'same' : 'changed';
    },
    async getFlow(id: string, version: number): Promise<FlowSpec | null> {
      const doc = await p.flows.findOne({ _id: `${id}@${version}` });
      return doc ? (JSON.parse(doc.json) as FlowSpec) : null;
    },
    /**
     * One counter document (`_id: 'counter'`), advanced by one `$inc`: MongoDB applies an update to one
     * document atomically, so concurrent callers each get their own number. (On FerretDB that is not so;
     * there numbers are taken by unique inserts: ferretdb/release-numbers.ts.)
     */
    async nextReleaseNumber(): Promise<number> {
      if (await p.isFerretDb()) return ferretDbNextReleaseNumber(p);
      const counter = await p.numbers.findOneAndUpdate(
        { _id: COUNTER },
        { $inc: { n: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
      if (!counter) throw new Error('mongo store: the release counter upsert returned no document');
      return counter.n;
    },
    /**
     * Before the first number: a database whose numbers were taken one document each (`release#n`, as
     * golive did before the counter, and does on FerretDB) starts its counter at the highest of them.
     */
    async seedReleaseCounter(): Promise<void> {
      if (await p.numbers.findOne({ _id: COUNTER })) return;
      const highest = await p.numbers.find().sort({ n: -1 }).limit(1).next();
      // Two replicas starting together: one insert wins; the other finds the counter there.
      await p.numbers.insertOne({ _id: COUNTER, n: highest?.n ?? 0 }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    },
  };
}

/** A ref key as a field name: no `.` (a path) and no leading `$` (an operator); `%` escapes itself. */
function fieldOf(key: string): string {
  return key.replace(/[%.$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function keyOf(field: string): string {
  return field.replace(/%(25|2E|24)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
