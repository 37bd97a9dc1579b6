import type { JobParameters } from 'agenda';
import { type Collection, type Document, ObjectId } from 'mongodb';
import { type RunMark, runKey, SLOT_MS, type SlotCollections, type SlotJob, slotOf } from './mongo-slots.js';

export interface SlotRunnerOptions {
  slots: SlotCollections;
  /** Agenda's job collection: only finished jobs are deleted here, a batch at a time. */
  jobs: Collection<Document>;
  owner: string;
  /** A claim not renewed for this long belongs to a process presumed dead (the lock lifetime). */
  staleMs: number;
  onError: (err: unknown, what: string) => void;
  /** How far back slots are looked at again for runs added after they were handled. */
  recheckMs?: number;
  /** How long a finished slot's documents are kept. */
  retentionMs?: number;
  /**
   * How often finished jobs are deleted from Agenda's collection. By default ten times as long as the
   * last delete took, at least 1 s: on FerretDB v1 each is a whole-collection read (seconds at 10,000
   * jobs), on MongoDB an index lookup.
   */
  sweepEveryMs?: number;
}

interface SlotState {
  visited: boolean;
  /** When it was last read, and whether another process held its claim then. */
  checkedAt: number;
  heldElsewhere: boolean;
  entryDocs: number;
  markDocs: number;
  runs: Map<string, SlotJob>;
  over: Map<string, RunMark>;
  claimN: number;
  mine: boolean;
  claimAtMs: number;
  /** Runs handed to Agenda and not over yet, with when they were handed. */
  held: Map<string, number>;
  unflushed: RunMark[];
}

const REFILL_GAP_MS = 200;
const VISIT_BATCH = 8;
/** How often a slot with nothing for this process to do is read again (for runs added late). */
const RECHECK_EVERY_MS = 3_000;
/** How often all slots are listed (one whole read of the small slot collection). */
const LIST_EVERY_MS = 60_000;

/**
 * Hands Agenda the due runs of the slots this process claimed, and records how each run ended. See
 * mongo-slots.ts for the documents. Per poll it reads, for each slot from `recheckMs` ago up to Agenda's
 * next scan (and any older slot it knows has open runs), the entry and mark batches it has not seen yet
 * (one `_id` read each, plus one miss). A slot with open runs is claimed; after claiming, the marks are
 * read again so a run recorded as over by an earlier holder is never run twice. Runs that end are
 * marked a batch per slot every 100 ms; once none of a slot's runs is left in Agenda's hands the claim
 * is released, and runs added to the slot later are claimed on a later poll.
 */
export function slotRunner(opts: SlotRunnerOptions) {
  const { slots, owner, staleMs } = opts;
  const recheckMs = opts.recheckMs ?? 10_000;
  const retentionMs = opts.retentionMs ?? 10 * 60_000;
  const states = new Map<number, SlotState>();
  const queues = new Map<string, JobParameters[]>();
  const heldById = new Map<string, { slot: number; run: string }>();
  /** Jobs whose last run succeeded: Agenda removes them next; the delete is batched. */
  const completed = new Set<string>();
  let toDelete: string[] = [];
  let refilling: Promise<void> | undefined;
  let stopped = false;
  let lastRefill = 0;
  let lastSweep = Date.now();
  let lastList = Date.now();
  let sweepTookMs = 0;
  const sweepGap = () => opts.sweepEveryMs ?? Math.max(1_000, 10 * sweepTookMs);
  let flushing: Promise<void> | undefined;
  const timer = setInterval(() => void flush().catch((e) => opts.onError(e, 'marking runs')), 100);
  timer.unref();

  const state = (slot: number): SlotState => {
    let st = states.get(slot);
    if (!st) {
      st = {
        visited: false,
        checkedAt: 0,
        heldElsewhere: false,
        entryDocs: 0,
        markDocs: 0,
        runs: new Map(),
        over: new Map(),
        claimN: 1,
        mine: false,
        claimAtMs: 0,
        held: new Map(),
        unflushed: [],
      };
      states.set(slot, st);
    }
    return st;
  };
  const openRuns = (st: SlotState) => [...st.runs].filter(([run]) => !st.over.has(run) && !st.held.has(run));

  async function readMarks(slot: number, st: SlotState) {
    const marks = await slots.marksFrom(slot, st.markDocs + 1);
    st.markDocs += marks.docs;
    for (const m of marks.runs) st.over.set(m.run, m);
  }

  async function claim(slot: number, st: SlotState): Promise<boolean> {
    const now = Date.now();
    for (let n = st.claimN, tries = 0; tries < 20; tries += 1) {
      if (await slots.insertClaim(slot, n, { owner, atMs: now })) {
        Object.assign(st, { claimN: n, mine: true, claimAtMs: now });
        return true;
      }
      const c = await slots.readClaim(slot, n);
      if (!c) continue; // dropped meanwhile: try the same number again
      if (c.owner === owner && c.releasedAtMs == null) {
        // Ours: a release that failed to reach the server.
        Object.assign(st, { claimN: n, mine: true, claimAtMs: c.atMs });
        return true;
      }
      if (c.releasedAtMs == null && c.atMs > now - staleMs) {
        st.claimN = n;
        return false;
      }
      n += 1;
    }
    return false;
  }

  async function release(slot: number, st: SlotState) {
    if (!st.mine || st.held.size > 0 || st.unflushed.length > 0) return;
    st.mine = false;
    await slots.updateClaim(slot, st.claimN, { releasedAtMs: Date.now() });
  }

  async function visit(slot: number, lastModifiedBy: string | null) {
    const st = state(slot);
    const now = Date.now();
    st.visited = true;
    st.checkedAt = now;
    st.heldElsewhere = false;
    const entries = await slots.entriesFrom(slot, st.entryDocs + 1);
    st.entryDocs += entries.docs;
    for (const job of entries.jobs) st.runs.set(runKey(job._id, job.nextRunAt), job);
    await readMarks(slot, st);
    // Agenda drops a job whose lock outlived the lock lifetime without telling: it is open again.
    for (const [run, at] of st.held) if (at < now - staleMs) st.held.delete(run);
    if (openRuns(st).length === 0) return release(slot, st);
    if (!st.mine) {
      if (!(await claim(slot, st))) {
        st.heldElsewhere = true;
        return;
      }
      await readMarks(slot, st);
    } else if (st.claimAtMs < now - staleMs / 3) {
      st.claimAtMs = now;
      await slots.updateClaim(slot, st.claimN, { atMs: now });
      // Released meanwhile (its last runs were marked): claim it again on the next visit.
      if (!st.mine) return;
    }
    for (const [run, job] of openRuns(st)) {
      st.held.set(run, now);
      heldById.set(String(job._id), { slot, run });
      const queue = queues.get(job.name) ?? [];
      queue.push({ ...job, lockedAt: new Date(now), lastModifiedBy: lastModifiedBy ?? undefined });
      queues.set(job.name, queue);
    }
    if (openRuns(st).length === 0 && st.held.size === 0) await release(slot, st);
  }

  async function refill(nextScanAt: Date, lastModifiedBy: string | null) {
    const now = Date.now();
    const wanted = new Set<number>();
    // A slot is handed out once all of it is due by Agenda's next scan (Agenda frees a job due later).
    for (
      let s = Math.floor((now - recheckMs) / SLOT_MS) * SLOT_MS;
      s + SLOT_MS <= nextScanAt.getTime();
      s += SLOT_MS
    )
      wanted.add(s);
    for (const [slot, st] of states)
      if (slot <= now && (!st.visited || st.held.size > 0 || st.mine || openRuns(st).length > 0))
        wanted.add(slot);
    // Each visit is a few reads, and on FerretDB each read that misses scans the collection: a slot
    // with nothing of ours to do (handled, or claimed by another process) is read again only now and then.
    for (const slot of wanted) {
      const st = states.get(slot);
      const idle =
        st?.visited && st.held.size === 0 && !st.mine && (st.heldElsewhere || openRuns(st).length === 0);
      if (idle && now - st.checkedAt < RECHECK_EVERY_MS) wanted.delete(slot);
    }
    const list = [...wanted].sort((a, b) => a - b);
    for (let i = 0; i < list.length; i += VISIT_BATCH)
      await Promise.all(
        list
          .slice(i, i + VISIT_BATCH)
          .map((slot) => visit(slot, lastModifiedBy).catch((e) => opts.onError(e, `reading slot ${slot}`))),
      );
    if (Date.now() - lastList > LIST_EVERY_MS) {
      // Slots another process listed and then died before running them, older than the recheck window.
      lastList = Date.now();
      const listed = await slots.listSlots().catch((e) => {
        opts.onError(e, 'listing slots');
        return [];
      });
      for (const slot of listed) if (!states.has(slot)) state(slot);
    }
    if (Date.now() - lastSweep > sweepGap()) await sweep().catch((e) => opts.onError(e, 'sweeping'));
  }

  /** Deletes finished jobs from Agenda's collection, and the documents of slots long finished. */
  async function sweep() {
    lastSweep = Date.now();
    const old: number[] = [];
    for (const [slot, st] of states) {
      const done = st.entryDocs > 0 && openRuns(st).length === 0 && st.held.size === 0 && !st.mine;
      if (slot < Date.now() - retentionMs && done && st.unflushed.length === 0) old.push(slot);
      else if (slot < Date.now() - recheckMs && st.visited && st.entryDocs === 0) states.delete(slot);
    }
    const ids = [
      ...toDelete,
      ...old.flatMap((s) =>
        [...(states.get(s)?.over.values() ?? [])].filter((m) => m.end === 'removed').map((m) => m.id),
      ),
    ];
    toDelete = [];
    for (let i = 0; i < ids.length; i += 1_000)
      await opts.jobs.deleteMany({ _id: { $in: ids.slice(i, i + 1_000).map((id) => new ObjectId(id)) } });
    for (const id of ids) completed.delete(id);
    await slots.drop(old);
    for (const s of old) states.delete(s);
    sweepTookMs = Date.now() - lastSweep;
  }

  function flush(): Promise<void> {
    flushing ??= (async () => {
      for (const [slot, st] of states) {
        if (st.unflushed.length === 0) continue;
        const marks = st.unflushed.splice(0);
        try {
          await slots.mark(slot, marks);
        } catch (err) {
          st.unflushed.unshift(...marks);
          throw err;
        }
        for (const m of marks) {
          st.over.set(m.run, m);
          st.held.delete(m.run);
        }
        await release(slot, st);
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  const end = (id: string, end: RunMark['end']) => {
    const held = heldById.get(id);
    if (!held) return;
    heldById.delete(id);
    state(held.slot).unflushed.push({ run: held.run, id, end });
  };
  const unhold = (id: string) => {
    const held = heldById.get(id);
    if (!held) return;
    heldById.delete(id);
    states.get(held.slot)?.held.delete(held.run);
  };

  return {
    /** Loads slots this process has not seen (runs listed while it was down). */
    async start() {
      for (const slot of await slots.listSlots()) state(slot);
    },
    /** Lists runs in their slots, and remembers the slots: one listed long before it is due is read then. */
    async add(jobs: SlotJob[]) {
      await slots.add(jobs);
      for (const job of jobs) state(slotOf(job._id, job.nextRunAt)).visited = false;
    },
    /** The next run of `name` this process holds, claiming due slots when it holds none. */
    async next(name: string, nextScanAt: Date, lastModifiedBy: string | null) {
      if (!stopped && !queues.get(name)?.length && Date.now() - lastRefill >= REFILL_GAP_MS) {
        refilling ??= refill(nextScanAt, lastModifiedBy).finally(() => {
          lastRefill = Date.now();
          refilling = undefined;
        });
        await refilling;
      }
      return queues.get(name)?.shift();
    },
    holds: (id: unknown) => heldById.has(String(id)),
    /** Agenda finished a run: over, and either retried (a new run, listed in its slot) or to be removed. */
    async finished(job: JobParameters) {
      if (!job._id) return;
      const id = String(job._id);
      if (job.nextRunAt) {
        await opts.slots.add([
          { ...job, _id: job._id, nextRunAt: new Date(job.nextRunAt), lockedAt: undefined },
        ]);
        end(id, 'retried');
      } else {
        end(id, 'removed');
        completed.add(id);
        toDelete.push(id);
      }
    },
    /** True when Agenda removes a job whose run just succeeded: the delete is batched (sweep). */
    removedAfterRun: (id: string) => completed.has(id),
    /** Agenda's cancel: the job's listed run is marked over, so no process runs it. */
    async cancelled(job: { _id: ObjectId; nextRunAt?: Date | null }) {
      if (!job.nextRunAt) return;
      const run = runKey(job._id, job.nextRunAt);
      const id = job._id.toHexString();
      await slots.mark(slotOf(job._id, job.nextRunAt), [{ run, id, end: 'cancelled' }]);
    },
    /** Agenda gives a run back (a job it will not run now): open again, handed out on a later poll. */
    giveBack: (id: unknown) => unhold(String(id)),
    /** Agenda stops: every run it held or was not handed yet is given back, for another process. */
    async stop(ids: readonly unknown[]) {
      clearInterval(timer);
      stopped = true;
      await refilling?.catch(() => undefined);
      for (const id of ids) unhold(String(id));
      for (const q of queues.values()) for (const job of q.splice(0)) unhold(String(job._id));
      await flush().catch((e) => opts.onError(e, 'marking runs'));
      for (const [slot, st] of states) await release(slot, st).catch((e) => opts.onError(e, 'releasing'));
      await sweep().catch((e) => opts.onError(e, 'sweeping'));
    },
  };
}
