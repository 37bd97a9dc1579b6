import type { MessageRef } from '../../domain/types.js';
import type { FlowSpec } from '../../flow/schema.js';
import { canonicalHash } from '../canonical.js';
import type { MongoParts } from './parts.js';
import { isDuplicateKey } from './tickets.js';

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
     * Numbers are handed out by inserting `release#n` (unique _id), starting above the highest taken:
     * single-winner on FerretDB too, where an `$inc` via findAndModify can hand one number to two callers.
     */
    async nextReleaseNumber(): Promise<number> {
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
