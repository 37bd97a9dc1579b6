import type { JobParameters } from 'agenda';
import { type Collection, type Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from '../store/mongo/tickets.js';
import { decodeJobs, decodeMarks, encodeJobs, encodeMarks } from './mongo-slot-codec.js';

/**
 * Time slots of due Agenda jobs, kept beside Agenda's job collection for FerretDB v1's sake.
 *
 * FerretDB v1 (SQLite) answers a filter that is exactly `{_id}` with a SQL scan of the collection and
 * anything else by decoding every document in Go: at 11,000 jobs that is 0.1–0.4 s per `_id` read or
 * write and seconds per other query, so any per-job touch of the job collection was too slow. Here each
 * run of a job is also listed under the second it is due, in small collections read and written only by
 * `_id`, and only by *inserting* under a unique `_id` (the one write FerretDB v1 makes single-winner;
 * see src/store/mongo/tickets.ts) or by a document's single writer:
 *   - `agenda_slot_jobs` `e:<slot>:<k>`: a batch of job snapshots due in the slot, k = 1, 2, … with no
 *     gaps (an appender takes the next free k), so a reader reads k+1 until a miss;
 *   - `agenda_slot_marks` `d:<slot>:<k>`: runs of the slot that are over (ran, retried or cancelled);
 *   - `agenda_slot_marks` `c:<slot>:<n>`: claims; the process that inserts `c:<slot>:n` runs the slot's
 *     open runs until it releases it (only it writes that document) or the claim goes stale, then the
 *     next claimer inserts n+1.
 * MongoDB needs none of this, but it costs a few small inserts per slot there and keeps one code path.
 */
export const SLOT_MS = 1_000;
const JOBS = 'agenda_slot_jobs';
const MARKS = 'agenda_slot_marks';

/** A job as Agenda's repository hands it out (`_id` as hex string), with the run time it is listed for. */
export type SlotJob = JobParameters & { _id: NonNullable<JobParameters['_id']>; nextRunAt: Date };
export type RunEnd = 'removed' | 'retried' | 'cancelled';
export interface RunMark {
  run: string;
  /** The job's `_id` (hex). */
  id: string;
  end: RunEnd;
}
interface EntryDoc {
  _id: string;
  slot: number;
  /**
   * The batch's jobs as JSON in base64: FerretDB v1 converts every field of every document it reads,
   * and a batch of 167 job objects took 0.2–0.7 s per read here; as one JSON string (full of escaped
   * quotes) 20–80 ms, in base64 15–30 ms.
   */
  jobs: string;
}

interface MarkDoc {
  _id: string;
  slot: number;
  /** Ended runs as one string (`encodeMarks`); `runs` in documents written before it. */
  ended?: string;
  runs?: RunMark[];
  owner?: string;
  atMs?: number;
  releasedAtMs?: number | null;
}
export interface Claim {
  owner: string;
  atMs: number;
  releasedAtMs?: number | null;
}

/** One run of a job: its id and the time it is due (a retry is a new run of the same job). */
export const runKey = (id: ObjectId | string, at: Date) => `${String(id)}@${at.getTime()}`;

/**
 * The slot a run is listed in: the second it is due, or, for a job saved when it was already due, the
 * second it was saved (its `_id`'s time), so a run's slot follows from the job document alone.
 */
export function slotOf(id: ObjectId | string, nextRunAt: Date): number {
  const saved = new ObjectId(String(id)).getTimestamp().getTime();
  return Math.floor(Math.max(nextRunAt.getTime(), saved) / SLOT_MS) * SLOT_MS;
}

export function slotCollections(db: Db) {
  const jobs = db.collection<EntryDoc>(JOBS);
  const marks = db.collection<MarkDoc>(MARKS);
  /** Where the next append to each prefix starts probing: saves a failed insert per taken k. */
  const nextK = new Map<string, number>();

  async function append<T extends { _id: string }>(
    coll: Collection<T>,
    prefix: string,
    doc: Omit<T, '_id'>,
  ): Promise<void> {
    for (let k = nextK.get(prefix) ?? 1; ; k += 1) {
      try {
        await coll.insertOne({ ...doc, _id: `${prefix}${k}` } as never);
        nextK.set(prefix, k + 1);
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  async function readFrom<T extends { _id: string }>(coll: Collection<T>, prefix: string, k: number) {
    const out: T[] = [];
    for (;;) {
      const doc = (await coll.findOne({ _id: `${prefix}${k + out.length}` } as never)) as T | null;
      if (!doc) return out;
      out.push(doc);
    }
  }

  return {
    /** Lists runs in their slots, one insert per slot. */
    async add(list: readonly SlotJob[]): Promise<void> {
      const bySlot = new Map<number, SlotJob[]>();
      for (const job of list) {
        const slot = slotOf(job._id, job.nextRunAt);
        bySlot.set(slot, [...(bySlot.get(slot) ?? []), job]);
      }
      await Promise.all(
        [...bySlot].map(([slot, js]) =>
          append(jobs, `e:${slot}:`, {
            slot,
            jobs: encodeJobs(js),
          }),
        ),
      );
    },
    /** Entry batches of a slot from the k-th (1-based) on. */
    async entriesFrom(slot: number, k: number) {
      const docs = await readFrom(jobs, `e:${slot}:`, k);
      return { docs: docs.length, jobs: docs.flatMap((d) => decodeJobs(d.jobs)) };
    },
    /** Marks of a slot from the k-th (1-based) batch on. */
    async marksFrom(slot: number, k: number) {
      const docs = await readFrom(marks, `d:${slot}:`, k);
      return {
        docs: docs.length,
        runs: docs.flatMap((d) => (d.ended ? decodeMarks(d.ended) : (d.runs ?? []))),
      };
    },
    mark: (slot: number, runs: RunMark[]) => append(marks, `d:${slot}:`, { slot, ended: encodeMarks(runs) }),
    /** Inserts claim n of a slot; false when it exists already. */
    async insertClaim(slot: number, n: number, claim: Claim): Promise<boolean> {
      try {
        await marks.insertOne({ _id: `c:${slot}:${n}`, slot, ...claim, releasedAtMs: null });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    readClaim: (slot: number, n: number) => marks.findOne({ _id: `c:${slot}:${n}` }) as Promise<Claim | null>,
    /** Only the claim's holder writes it, so this read-and-write-back update loses nothing on FerretDB. */
    updateClaim: (slot: number, n: number, set: Partial<Claim>) =>
      marks.updateOne({ _id: `c:${slot}:${n}` }, { $set: set }),
    /** Every slot that has entries (one whole read; at start-up and now and then). */
    async listSlots(): Promise<number[]> {
      const docs = await jobs.find({}, { projection: { slot: 1 } }).toArray();
      return [...new Set(docs.map((d) => d.slot))].sort((a, b) => a - b);
    },
    /** Forgets finished slots: all their documents, in one delete per collection. */
    async drop(slots: readonly number[]): Promise<void> {
      if (slots.length === 0) return;
      const $in = slots;
      await jobs.deleteMany({ slot: { $in } });
      await marks.deleteMany({ slot: { $in } });
    },
    async createIndexes(): Promise<void> {
      await jobs.createIndex({ slot: 1 }, { name: 'by_slot' });
      await marks.createIndex({ slot: 1 }, { name: 'by_slot' });
    },
  };
}

export type SlotCollections = ReturnType<typeof slotCollections>;
