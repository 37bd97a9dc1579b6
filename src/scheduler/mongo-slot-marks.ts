import type { SlotState } from './mongo-slot-claims.js';
import type { RunMark, SlotCollections } from './mongo-slots.js';

const MARK_EVERY_MS = 250;

/**
 * The runs one process handed to Agenda, and how each ended: marked over in its slot (`d:<slot>:<k>`),
 * a batch per slot every 250 ms rather than a write per run (every `_id` read of the marks scans them
 * all on FerretDB v1, so fewer, larger batches); a slot whose runs are all marked is then released.
 */
export function handedRuns(opts: {
  slots: SlotCollections;
  state: (slot: number) => SlotState;
  states: Map<number, SlotState>;
  release: (slot: number, st: SlotState) => Promise<void>;
  onError: (err: unknown, what: string) => void;
}) {
  const { state, states } = opts;
  const byId = new Map<string, { slot: number; run: string }>();
  let flushing: Promise<void> | undefined;
  const timer = setInterval(() => void flush().catch((e) => opts.onError(e, 'marking runs')), MARK_EVERY_MS);
  timer.unref();

  async function flushNow() {
    for (const [slot, st] of states) {
      if (st.unflushed.length === 0) continue;
      const marks = st.unflushed.splice(0);
      try {
        await opts.slots.mark(slot, marks);
      } catch (err) {
        st.unflushed.unshift(...marks);
        throw err;
      }
      for (const m of marks) {
        st.over.set(m.run, m);
        st.held.delete(m.run);
      }
      await opts.release(slot, st);
    }
  }
  /** One flush at a time. */
  function flush(): Promise<void> {
    flushing ??= flushNow().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  return {
    hand(id: string, slot: number, run: string, now: number) {
      state(slot).held.set(run, now);
      byId.set(id, { slot, run });
    },
    holds: (id: string) => byId.has(id),
    /** The run of job `id` is over: marked with the next batch. */
    end(id: string, end: RunMark['end']) {
      const held = byId.get(id);
      if (!held) return;
      byId.delete(id);
      state(held.slot).unflushed.push({ run: held.run, id, end });
    },
    /** Agenda will not run it after all: open again, for this or another process. */
    giveBack(id: string) {
      const held = byId.get(id);
      if (!held) return;
      byId.delete(id);
      states.get(held.slot)?.held.delete(held.run);
    },
    /** Marks what ended, now; the timer stops. */
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
