import { type RunMark, runKey, type SlotCollections, type SlotJob } from './mongo-slots.js';

/** What one process knows of one time slot (mongo-slots.ts). */
export interface SlotState {
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
  /** Runs read and claimed, waiting in this process for Agenda to ask for them. */
  queued: Set<string>;
  /** Runs handed to Agenda and not over yet, with when they were handed. */
  held: Map<string, number>;
  unflushed: RunMark[];
}

export function newSlotState(): SlotState {
  return {
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
    queued: new Set(),
    held: new Map(),
    unflushed: [],
  };
}

/** Runs of the slot that are neither over nor in this process's hands. */
export const openRuns = (st: SlotState) =>
  [...st.runs].filter(([run]) => !st.over.has(run) && !st.held.has(run) && !st.queued.has(run));

/** Nothing of the slot is left for any process (as far as this one has read). */
export const slotDone = (st: SlotState) =>
  st.entryDocs > 0 && openRuns(st).length === 0 && st.queued.size === 0 && st.held.size === 0 && !st.mine;

/**
 * Reading, claiming and releasing slots for one process (`owner`). The process that inserts claim
 * `c:<slot>:n` runs the slot's open runs until it releases that claim (only it writes the document) or
 * stops renewing it for `staleMs`, when the next claimer inserts n+1 and reads the marks again first, so
 * a run recorded as over is never run twice.
 */
export function slotClaims(slots: SlotCollections, owner: string, staleMs: number) {
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

  /** Gives the claim up once none of the slot's runs is in this process's hands or unrecorded. */
  async function release(slot: number, st: SlotState) {
    if (!st.mine || st.held.size > 0 || st.queued.size > 0 || st.unflushed.length > 0) return;
    st.mine = false;
    await slots.updateClaim(slot, st.claimN, { releasedAtMs: Date.now() });
  }

  /**
   * Reads what is new in the slot (entry and mark batches by `_id`), claims it when it has open runs,
   * renews a claim held a third of `staleMs`, and returns the open runs, now queued in this process.
   */
  async function visit(slot: number, st: SlotState): Promise<SlotJob[]> {
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
    if (openRuns(st).length === 0) {
      await release(slot, st);
      return [];
    }
    if (!st.mine) {
      if (!(await claim(slot, st))) {
        st.heldElsewhere = true;
        return [];
      }
      await readMarks(slot, st);
    } else if (st.claimAtMs < now - staleMs / 3) {
      st.claimAtMs = now;
      await slots.updateClaim(slot, st.claimN, { atMs: now });
      // Released meanwhile (its last runs were marked): claimed again on a later visit.
      if (!st.mine) return [];
    }
    const open = openRuns(st);
    for (const [run] of open) st.queued.add(run);
    return open.map(([, job]) => job);
  }

  return { visit, release };
}
