import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { Logger } from '../../src/log.js';
import type { Delivery } from '../../src/service/delivery.js';
import { createSlackFetch } from '../slack/http-fetch.js';
import type { DeliveryThreadData, FromThread, ToThread } from './protocol.js';

/** From source (tsx, tests) the thread is a .ts file, started through tsx's loader; the build runs .js. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const THREAD = new URL(FROM_SOURCE ? './thread.ts' : './thread.js', import.meta.url);
const ENTRY = FROM_SOURCE ? new URL('./from-source.mjs', import.meta.url) : THREAD;
const MAX_RESTART_MS = 30_000;

/** The delivery thread as createCore's `delivery`, plus a `fetch` that sends from the thread. */
export interface DeliveryThread extends Delivery {
  /**
   * For the Slack adapter's answers to `response_url` (adapters/slack/client-options.ts): the request
   * is made on the thread, so its HTTP (TLS, in production) work is off the loop that acknowledges.
   */
  respondFetch: typeof fetch;
}

/**
 * The outbox pump on a thread of its own (thread.ts), for createCore's `delivery` option. The main
 * thread only commits and acknowledges; after each commit it posts a kick, which the thread answers
 * once the round that covers it is over — so `flush()` (a kick) still waits until what was pending
 * has been delivered. Claims, leases and retries are delivery.ts's, unchanged: the thread is one
 * more sender in the outbox's eyes, named by `instanceId`.
 *
 * A thread that dies (its store unreachable at start, a bug) is started again, after 1 s and then
 * longer; nothing is lost meanwhile — the messages wait in the outbox, a dead claim expires after its
 * lease — and kicks waiting for an answer are sent to the new thread. `stop()` lets the thread
 * finish its round and close its store connection, and resolves once it has ended.
 */
export function startDeliveryThread(data: DeliveryThreadData, log: Logger): DeliveryThread {
  const waiting = new Map<number, () => void>();
  const fetching = new Map<number, { resolve(res: Response): void; reject(err: Error): void }>();
  const localFetch = createSlackFetch();
  let nextId = 0;
  let intervalMs: number | undefined;
  let worker: Worker | undefined;
  let stopping = false;
  let restartMs = 1000;
  let restartTimer: NodeJS.Timeout | undefined;
  const threadLog = log.child({ thread: 'delivery' });

  const post = (m: ToThread) => worker?.postMessage(m);
  /** Held open only while someone waits for a round (flush), as the in-process pump's timers are. */
  const holdOpen = () =>
    waiting.size > 0 || fetching.size > 0 || stopping ? worker?.ref() : worker?.unref();

  function spawn() {
    const w = new Worker(ENTRY, { workerData: { ...data, thread: THREAD.href } });
    worker = w;
    w.on('message', (m: FromThread) => {
      if (m.kind === 'log') return relay(log, m.line);
      if (m.kind !== 'delivered') return settleFetch(m);
      restartMs = 1000;
      waiting.get(m.id)?.();
      waiting.delete(m.id);
      holdOpen();
    });
    w.on('error', (err) => threadLog.error({ err }, 'delivery thread failed'));
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = undefined;
      // An answer under way may or may not have reached Slack: the caller falls back to another way.
      for (const pending of fetching.values()) pending.reject(new Error('the delivery thread ended'));
      fetching.clear();
      if (stopping) return;
      threadLog.error({ code, restartInMs: restartMs }, 'delivery thread ended; starting a new one');
      restartTimer = setTimeout(spawn, restartMs);
      restartTimer.unref();
      restartMs = Math.min(MAX_RESTART_MS, restartMs * 2);
    });
    if (intervalMs !== undefined) post({ kind: 'start', intervalMs });
    for (const id of waiting.keys()) post({ kind: 'kick', id });
    holdOpen();
  }

  function settleFetch(m: Exclude<FromThread, { kind: 'log' | 'delivered' }>) {
    const pending = fetching.get(m.id);
    fetching.delete(m.id);
    holdOpen();
    if (m.kind === 'fetch_failed') return pending?.reject(new Error(m.message));
    pending?.resolve(
      new Response(m.body, { status: m.status, statusText: m.statusText, headers: m.headers }),
    );
  }

  const respondFetch = ((input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    // Only plain text requests travel to the thread; with no thread running, they go from here.
    if (!worker || input instanceof Request || (body != null && typeof body !== 'string'))
      return localFetch(input, init);
    const id = nextId++;
    const answered = new Promise<Response>((resolve, reject) => fetching.set(id, { resolve, reject }));
    post({
      kind: 'fetch',
      id,
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers)),
      ...(body != null ? { body } : {}),
    });
    holdOpen();
    return answered;
  }) as typeof fetch;

  return {
    respondFetch,
    kick() {
      if (stopping) return Promise.resolve();
      const id = nextId++;
      const done = new Promise<void>((resolve) => waiting.set(id, resolve));
      post({ kind: 'kick', id });
      holdOpen();
      return done;
    },
    start(every) {
      intervalMs = every;
      if (!worker) spawn();
      else post({ kind: 'start', intervalMs: every });
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const w = worker;
      if (w) {
        w.ref();
        const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        w.postMessage({ kind: 'stop' } satisfies ToThread);
        await exited;
      }
      // Whoever still waits for a round: there is none coming from this process.
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
    },
  };
}

/** Logs a line of the thread's logger through the main one (same level, same redaction). */
function relay(log: Logger, line: string): void {
  try {
    const { level, time: _t, pid: _p, hostname: _h, app: _a, msg, ...fields } = JSON.parse(line);
    const label = (pino.levels.labels[level] ?? 'info') as pino.Level;
    log[label](fields, msg);
  } catch {
    log.warn('unreadable log line from the delivery thread');
  }
}
