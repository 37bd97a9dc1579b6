import { type Collection, type Document, ObjectId, type UpdateResult } from 'mongodb';

/**
 * FerretDB only: Agenda's job collection with every conditional update by `_id` sent as a read by
 * `_id`, the other conditions checked here, and a write by `_id`.
 *
 * FerretDB v1 hands a filter to SQLite only when it is exactly `{_id: …}`; any other filter reads the
 * collection in storage order until a document matches. Agenda's updates name the job's `_id` and a
 * condition or two (`saveJobState`: `{_id, name}`; `unlockJob`: `{_id, nextRunAt: {$ne: null}}`), so
 * each one reads up to the whole collection: measured on 3,000 jobs, `{_id, name}` 93.5 ms against
 * 1.4 ms for `{_id}` alone, several updates per run, and reminders fell minutes behind. MongoDB serves
 * all of them from its `_id` index and needs none of this.
 *
 * No guarantee is lost: FerretDB's own update is this very sequence (read, then write back), not one
 * atomic step. A filter this file does not understand is sent as it is.
 */
export function updatesById(jobs: Collection<Document>): Collection<Document> {
  return new Proxy(jobs, {
    get(target, prop, receiver) {
      if (prop !== 'updateOne') return Reflect.get(target, prop, receiver);
      return async (filter: Document, update: Document, options?: Document): Promise<UpdateResult> => {
        const conditions = conditionsBesideId(filter);
        if (!conditions) return target.updateOne(filter, update, options);
        const found = await target.findOne({ _id: filter._id });
        if (!found || !conditions.every(([field, wanted]) => meets(found[field], wanted)))
          return {
            acknowledged: true,
            matchedCount: 0,
            modifiedCount: 0,
            upsertedCount: 0,
            upsertedId: null,
          };
        return target.updateOne({ _id: filter._id }, update, options);
      };
    },
  });
}

type Condition = [field: string, wanted: unknown];

/** The filter's conditions other than `_id`, if it names one `_id` and each condition is one this file checks. */
function conditionsBesideId(filter: Document): Condition[] | undefined {
  if (!(filter._id instanceof ObjectId || typeof filter._id === 'string')) return undefined;
  const conditions = Object.entries(filter).filter(([field]) => field !== '_id');
  if (conditions.length === 0) return undefined;
  return conditions.every(([field, wanted]) => !field.includes('.') && understood(wanted))
    ? conditions
    : undefined;
}

const isScalar = (v: unknown) =>
  v === null ||
  v instanceof Date ||
  v instanceof ObjectId ||
  ['string', 'number', 'boolean'].includes(typeof v);

function understood(wanted: unknown): boolean {
  if (isScalar(wanted)) return true;
  const ops = Object.entries(wanted as Document);
  return ops.length === 1 && ops[0]?.[0] === '$ne' && isScalar(ops[0][1]);
}

function meets(value: unknown, wanted: unknown): boolean {
  if (isScalar(wanted)) return same(value, wanted);
  return !same(value, (wanted as { $ne: unknown }).$ne);
}

/** Equality as a MongoDB filter means it: null matches a missing field, dates and ids by value. */
function same(value: unknown, wanted: unknown): boolean {
  if (wanted === null) return value === null || value === undefined;
  if (wanted instanceof Date) return value instanceof Date && value.getTime() === wanted.getTime();
  if (wanted instanceof ObjectId) return value instanceof ObjectId && value.equals(wanted);
  return value === wanted;
}
