import { type Collection, type Document, ObjectId } from 'mongodb';
import { type SlotState, slotDone } from './mongo-slot-claims.js';
import type { SlotCollections } from './mongo-slots.js';

export interface SweepOptions {
  slots: SlotCollections;
  /** Agenda's job collection: only finished jobs are deleted here, a batch at a time. */
  jobs: Collection<Document>;
  states: Map<number, SlotState>;
  /** How long a finished slot's documents are kept. */
  retentionMs: number;
  /** Slots this far back are no longer read for late runs; one never listed is forgotten. */
  recheckMs: number;
  /**
   * How often the sweep runs. By default ten times as long as the last one took, at least 1 s: on
   * FerretDB v1 each delete of a batch is a whole-collection read (seconds at 10,000 jobs), on MongoDB
   * an index lookup.
   */
  everyMs?: number;
}

/**
 * Deletes jobs whose run succeeded from Agenda's collection (Agenda's own delete per job would be a
 * whole-collection read each on FerretDB v1) and the documents of slots finished `retentionMs` ago.
 * Runs on its own timer: a sweep taking seconds never holds up the runs being handed out.
 */
export function slotSweeper(opts: SweepOptions) {
  const { states } = opts;
  /** Jobs whose last run succeeded: Agenda removes them next; the delete is batched. */
  const completed = new Set<string>();
  let toDelete: string[] = [];
  let lastSweep = Date.now();
  let tookMs = 0;
  let sweeping: Promise<void> | undefined;

  async function sweepNow() {
    lastSweep = Date.now();
    const old: number[] = [];
    for (const [slot, st] of states) {
      if (slot < Date.now() - opts.retentionMs && slotDone(st) && st.unflushed.length === 0) old.push(slot);
      else if (slot < Date.now() - opts.recheckMs && st.visited && st.entryDocs === 0) states.delete(slot);
    }
    const ids = [
      ...toDelete,
      ...old.flatMap((s) =>
        [...(states.get(s)?.over.values() ?? [])].filter((m) => m.end === 'removed').map((m) => m.id),
      ),
    ];
    toDelete = [];
    try {
      for (let i = 0; i < ids.length; i += 1_000)
        await opts.jobs.deleteMany({
          _id: { $in: ids.slice(i, i + 1_000).map((id) => new ObjectId(id)) },
        });
    } catch (err) {
      toDelete.push(...ids);
      throw err;
    }
    for (const id of ids) completed.delete(id);
    await opts.slots.drop(old);
    for (const s of old) states.delete(s);
    tookMs = Date.now() - lastSweep;
  }

  /** One sweep at a time; `force` sweeps now (stopping), otherwise only when one is due. */
  function sweep(force = false): Promise<void> {
    const gap = opts.everyMs ?? Math.max(1_000, 10 * tookMs);
    if (!sweeping && (force || Date.now() - lastSweep >= gap))
      sweeping = sweepNow().finally(() => {
        sweeping = undefined;
      });
    return sweeping ?? Promise.resolve();
  }

  return {
    sweep,
    /** A job's run succeeded: Agenda's removal of it is left to the next sweep. */
    completed(id: string) {
      completed.add(id);
      toDelete.push(id);
    },
    /** True when Agenda removes a job whose run just succeeded. */
    removedAfterRun: (id: string) => completed.has(id),
  };
}
