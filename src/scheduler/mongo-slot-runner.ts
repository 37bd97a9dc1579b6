import type { JobParameters } from 'agenda';
import type { Collection, Document, ObjectId } from 'mongodb';
import { newSlotState, openRuns, type SlotState, slotClaims } from './mongo-slot-claims.js';
import { handedRuns } from './mongo-slot-marks.js';
import { slotSweeper } from './mongo-slot-sweep.js';
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
  /** How often finished jobs are deleted from Agenda's collection (default: see mongo-slot-sweep.ts). */
  sweepEveryMs?: number;
  /** Runs of `name` were claimed that are due before Agenda's next poll: Agenda should ask now. */
  onDueBeforePoll?: (name: string, job: SlotJob) => void;
}

/** How often slots are read in the background, between Agenda's polls. */
const READ_EVERY_MS = 250;
/** How far beyond Agenda's next poll slots are read and claimed ahead of time. */
const AHEAD_MS = 2_000;
const VISIT_BATCH = 8;
/** How often a slot with nothing for this process to do is read again (for runs added late). */
const RECHECK_EVERY_MS = 3_000;
/** How often a slot this process holds is read again (runs added late; the claim renewed). */
const RECHECK_MINE_MS = 1_000;
/** How often all slots are listed (one whole read of the small slot collection). */
const LIST_EVERY_MS = 60_000;

/**
 * Hands Agenda the due runs of the slots this process claimed, and records how each run ended. See
 * mongo-slots.ts for the documents and mongo-slot-claims.ts for claiming. Slots are read and claimed on
 * a timer of their own, from `recheckMs` ago up to a little beyond Agenda's next poll, so that when
 * Agenda asks (`next`, at its poll) the runs due by its next poll are already here: Agenda never waits
 * for a read, and starts each run on time. Runs that end are marked a batch per slot every 250 ms; once
 * none of a slot's runs is left in this process's hands the claim is released.
 */
export function slotRunner(opts: SlotRunnerOptions) {
  const { slots, owner, staleMs } = opts;
  const recheckMs = opts.recheckMs ?? 10_000;
  const states = new Map<number, SlotState>();
  const claims = slotClaims(slots, owner, staleMs);
  const sweeper = slotSweeper({
    slots,
    jobs: opts.jobs,
    states,
    retentionMs: opts.retentionMs ?? 10 * 60_000,
    recheckMs,
    everyMs: opts.sweepEveryMs,
  });
  /** Claimed runs per job name, in slot order, until Agenda asks for them. */
  const queues = new Map<string, Queued[]>();
  let pollMs = 5_000;
  /** Agenda's next poll as it last told (`next`). */
  let nextPollAt = 0;
  let stopped = false;
  let lastList = Date.now();
  let reading: Promise<void> | undefined;
  let readTimer: NodeJS.Timeout | undefined;
  /** Reads begin with Agenda's first poll: a process that never runs jobs claims no slot. */
  function startReading() {
    if (readTimer || stopped) return;
    readTimer = setInterval(() => {
      reading ??= read()
        .catch((e) => opts.onError(e, 'reading slots'))
        .finally(() => {
          reading = undefined;
        });
      void sweeper.sweep().catch((e) => opts.onError(e, 'sweeping'));
    }, READ_EVERY_MS);
    readTimer.unref();
  }

  const state = (slot: number): SlotState => {
    const st = states.get(slot) ?? newSlotState();
    states.set(slot, st);
    return st;
  };
  const handed = handedRuns({ slots, state, states, release: claims.release, onError: opts.onError });

  /** Slots to read now: those coming due, and known ones with work left, each at its own pace. */
  function slotsToRead(now: number): number[] {
    const wanted = new Set<number>();
    const until = now + pollMs + AHEAD_MS;
    for (let s = Math.floor((now - recheckMs) / SLOT_MS) * SLOT_MS; s <= until; s += SLOT_MS) wanted.add(s);
    for (const [slot, st] of states)
      if (slot <= until && (!st.visited || st.mine || st.held.size > 0 || openRuns(st).length > 0))
        wanted.add(slot);
    // On FerretDB each read that misses scans a collection: slots are read again only now and then.
    return [...wanted]
      .filter((slot) => {
        const st = states.get(slot);
        if (!st?.visited) return true;
        const every = st.mine || st.held.size > 0 ? Math.min(RECHECK_MINE_MS, staleMs / 4) : RECHECK_EVERY_MS;
        return now - st.checkedAt >= every;
      })
      .sort((a, b) => a - b);
  }

  async function read() {
    if (stopped) return;
    const list = slotsToRead(Date.now());
    for (let i = 0; i < list.length && !stopped; i += VISIT_BATCH)
      await Promise.all(list.slice(i, i + VISIT_BATCH).map((slot) => queueRuns(slot)));
    if (Date.now() - lastList > LIST_EVERY_MS) {
      // Slots another process listed and then died before running them, older than the recheck window.
      lastList = Date.now();
      for (const slot of await slots.listSlots()) if (!states.has(slot)) state(slot);
    }
  }

  async function queueRuns(slot: number) {
    try {
      const early = new Map<string, SlotJob>();
      for (const job of await claims.visit(slot, state(slot))) {
        const queue = queues.get(job.name) ?? [];
        queue.push({ job, slot, run: runKey(job._id, job.nextRunAt) });
        queues.set(job.name, queue);
        if (job.nextRunAt.getTime() <= nextPollAt) early.set(job.name, job);
      }
      // Claimed after Agenda's poll but due before its next one (read late, a late addition, a takeover).
      for (const [name, job] of early) opts.onDueBeforePoll?.(name, job);
    } catch (err) {
      opts.onError(err, `reading slot ${slot}`);
    }
  }

  type Queued = { job: SlotJob; slot: number; run: string };
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
    /** The next run of `name` due by Agenda's next poll that this process claimed, if any. */
    next(name: string, nextScanAt: Date, lastModifiedBy: string | null): JobParameters | undefined {
      const now = Date.now();
      pollMs = Math.max(0, nextScanAt.getTime() - now);
      nextPollAt = nextScanAt.getTime();
      if (stopped) return undefined;
      startReading();
      const queue = queues.get(name) ?? [];
      for (;;) {
        const i = queue.findIndex((q) => q.job.nextRunAt.getTime() <= nextScanAt.getTime());
        const [item] = i < 0 ? [] : queue.splice(i, 1);
        if (!item) return undefined;
        const st = state(item.slot);
        st.queued.delete(item.run);
        // Cancelled since it was claimed (a sync moved or dropped the timer; marks are reread every second).
        if (st.over.has(item.run)) continue;
        handed.hand(String(item.job._id), item.slot, item.run, now);
        return { ...item.job, lockedAt: new Date(now), lastModifiedBy: lastModifiedBy ?? undefined };
      }
    },

    holds: (id: unknown) => handed.holds(String(id)),
    /** Agenda finished a run: over, and either retried (a new run, listed in its slot) or to be removed. */
    async finished(job: JobParameters) {
      if (!job._id) return;
      const id = String(job._id);
      if (job.nextRunAt) {
        await slots.add([{ ...job, _id: job._id, nextRunAt: new Date(job.nextRunAt), lockedAt: undefined }]);
        handed.end(id, 'retried');
      } else {
        handed.end(id, 'removed');
        sweeper.completed(id);
      }
    },
    /** True when Agenda removes a job whose run just succeeded: the delete is batched (sweep). */
    removedAfterRun: (id: string) => sweeper.removedAfterRun(id),
    /** Agenda's cancel: the job's listed run is marked over, so no process runs it. */
    async cancelled(job: { _id: ObjectId; nextRunAt?: Date | null }) {
      if (!job.nextRunAt) return;
      const run = runKey(job._id, job.nextRunAt);
      const id = job._id.toHexString();
      const slot = slotOf(job._id, job.nextRunAt);
      const mark: RunMark = { run, id, end: 'cancelled' };
      await slots.mark(slot, [mark]);
      states.get(slot)?.over.set(run, mark);
    },
    /** Agenda gives a run back (a job it will not run now): open again, queued on a later read. */
    giveBack: (id: unknown) => handed.giveBack(String(id)),
    /** Agenda stops: every run it held or was not handed yet is given back, for another process. */
    async stop(ids: readonly unknown[]) {
      clearInterval(readTimer);
      stopped = true;
      await reading;
      for (const id of ids) handed.giveBack(String(id));
      for (const q of queues.values())
        for (const { slot, run } of q.splice(0)) states.get(slot)?.queued.delete(run);
      await handed.stop().catch((e) => opts.onError(e, 'marking runs'));
      for (const [slot, st] of states)
        await claims.release(slot, st).catch((e) => opts.onError(e, 'releasing'));
      await sweeper.sweep(true).catch((e) => opts.onError(e, 'sweeping'));
    },
  };
}
