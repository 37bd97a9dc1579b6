/**
 * What `/readyz` answers: whether the store and scheduler answered a recent check, and the state of
 * each platform connection golive holds open (Slack Socket Mode, Feishu's long connection).
 *
 * The store is checked in the background, never by the request: a probe gets the last result at
 * once, and a check still running after `answerWithinMs` counts as "not ready" — so a hung database
 * (a frozen server keeps its sockets open and answers nothing) makes `/readyz` say 503 promptly
 * instead of leaving the load balancer's probe hanging until the database comes back.
 */

/** A platform connection's state, as its SDK reports it. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface LinkStatus {
  state: LinkState;
  /** What is wrong and what to do about it (failed, or connecting again after a failure). */
  problem?: string;
}

/** How an adapter reports its connection. */
export interface LinkReporter {
  connecting(problem?: string): void;
  connected(): void;
  reconnecting(): void;
  /** Failed for good (wrong credentials): not ready until the process is restarted with a fix. */
  failed(problem: string): void;
  status(): LinkStatus;
}

export interface StoreCheckStatus {
  ok: boolean;
  /** How long ago the last check settled, ms; undefined before the first one. */
  checkedMsAgo?: number;
  problem?: string;
}

export interface ReadinessSnapshot {
  ready: boolean;
  store: StoreCheckStatus;
  /** One entry per platform connection, by name (`slack`, `feishu`). */
  links: Record<string, LinkStatus>;
}

export interface ReadinessOptions {
  /** Whether store and scheduler answer (core.ready()). */
  check: () => Promise<boolean>;
  /** How often the check runs, ms. Default 2000. */
  checkEveryMs?: number;
  /** A check running longer than this makes the store count as not answering, ms. Default 1000. */
  answerWithinMs?: number;
  /** A check still running after this is given up and a new one started, ms. Default 30 s. */
  abandonAfterMs?: number;
  now?: () => number;
}

export interface Readiness {
  /** Runs the first check (waiting for it at most `answerWithinMs`), then keeps checking. */
  start(): Promise<void>;
  /** A platform connection to report on `/readyz`. */
  link(name: string): LinkReporter;
  /** The state now, without waiting for anything. */
  snapshot(): ReadinessSnapshot;
  stop(): void;
}

const READY_LINK_STATES: readonly LinkState[] = ['connected', 'reconnecting'];

export function createReadiness(opts: ReadinessOptions): Readiness {
  const now = opts.now ?? Date.now;
  const every = opts.checkEveryMs ?? 2000;
  const within = opts.answerWithinMs ?? 1000;
  const abandonAfter = opts.abandonAfterMs ?? 30_000;
  const links = new Map<string, LinkStatus>();
  let last: { ok: boolean; at: number; problem?: string } | undefined;
  let running: { startedAt: number; seq: number } | undefined;
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function runCheck(): Promise<void> {
    const mine = ++seq;
    running = { startedAt: now(), seq: mine };
    return opts
      .check()
      .then(
        (ok) => ({ ok, problem: ok ? undefined : 'the store or the scheduler is not reachable' }),
        (err: unknown) => ({ ok: false, problem: `the store check failed: ${String(err)}` }),
      )
      .then((result) => {
        // A check given up on (a newer one started) no longer speaks for the store.
        if (running?.seq !== mine) return;
        running = undefined;
        last = { ok: result.ok, at: now(), ...(result.problem ? { problem: result.problem } : {}) };
      });
  }

  function tick() {
    if (stopped) return;
    if (!running || now() - running.startedAt >= abandonAfter) void runCheck();
    timer = setTimeout(tick, every);
    timer.unref();
  }

  function storeStatus(): StoreCheckStatus {
    const at = now();
    if (running && at - running.startedAt >= within)
      return {
        ok: false,
        ...(last ? { checkedMsAgo: at - last.at } : {}),
        problem: `the store or the scheduler has not answered for ${Math.round((at - running.startedAt) / 1000)} s`,
      };
    if (!last) return { ok: false, problem: 'not checked yet' };
    return { ok: last.ok, checkedMsAgo: at - last.at, ...(last.problem ? { problem: last.problem } : {}) };
  }

  return {
    async start() {
      const first = runCheck();
      await Promise.race([first, new Promise((r) => setTimeout(r, within).unref())]);
      timer = setTimeout(tick, every);
      timer.unref();
    },
    link(name) {
      const set = (status: LinkStatus) => void links.set(name, status);
      set({ state: 'connecting' });
      return {
        connecting: (problem) => set(problem ? { state: 'connecting', problem } : { state: 'connecting' }),
        connected: () => set({ state: 'connected' }),
        reconnecting: () => set({ state: 'reconnecting' }),
        failed: (problem) => set({ state: 'failed', problem }),
        status: () => links.get(name) ?? { state: 'connecting' },
      };
    },
    snapshot() {
      const store = storeStatus();
      const linkStates = Object.fromEntries(links);
      const ready = store.ok && [...links.values()].every((l) => READY_LINK_STATES.includes(l.state));
      return { ready, store, links: linkStates };
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** A reporter tied to no `/readyz` (an adapter started on its own, as in unit tests). */
export function standaloneLink(): LinkReporter {
  let status: LinkStatus = { state: 'connecting' };
  const set = (next: LinkStatus) => {
    status = next;
  };
  return {
    connecting: (problem) => set(problem ? { state: 'connecting', problem } : { state: 'connecting' }),
    connected: () => set({ state: 'connected' }),
    reconnecting: () => set({ state: 'reconnecting' }),
    failed: (problem) => set({ state: 'failed', problem }),
    status: () => status,
  };
}
