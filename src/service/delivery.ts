import { RateLimited } from '../platform/port.js';
import type { OutboxEntry } from '../store/port.js';
import { deliverEffect, type ReleaseView, releaseView, SurfaceNotAttached } from './deliver-effect.js';
import { holdLease } from './delivery-lease.js';
import type { DeliveryDeps } from './deps.js';
import { destinationOf, outboxOrder } from './outbox.js';
import { attachWaitMs, recordGivenUp, retryWaitMs, shouldGiveUp } from './undelivered.js';

const BATCH = 100;
/** How many releases' messages are sent side by side. */
const LANES = 4;
/** Default claim lease (OUTBOX_LEASE_MS): how long a dead sender's claim holds up its release's messages. */
export const DEFAULT_LEASE_MS = 10_000;
/** How many messages in backoff one round looks at to hold back what follows them. */
const HELD = 1000;

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Delivery {
  /** Delivers what is pending now; concurrent calls coalesce into one more round. */
  kick(): Promise<void>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/**
 * The outbox pump. Messages were stored with their transition; this sends them afterwards, claiming
 * each so that only one process sends it, retrying with backoff.
 *
 * Order is kept per destination (`destinationOf`): a release's channel, or one person's DM and cards.
 * A message waits while an earlier one to its destination is unsent — in backoff, or failing in this
 * round —; messages to the release's other destinations go meanwhile, so one unreachable person holds
 * up only what is for them. A message still failing after ten minutes of tries (see undelivered.ts) is
 * given up, and so is one whose platform has not attached after it waited ten minutes (counted from
 * the pump's start or its decision, whichever is later; it waits without a try counted, backing off, as
 * at start-up the surfaces attach a moment later): logged, written into the release's trail (with a line
 * under the status card unless the channel itself failed), and settled, which lets what waited behind it go.
 *
 * A rate limit holds up only what it limits: the platform's answer (Slack's 429 and Retry-After,
 * Feishu's x-ogw-ratelimit-reset) puts the message off for exactly that wait, without a try counted,
 * and holds its platform destination (a channel, a person) in this process for as long
 * (rate-holds.ts), so other releases' messages to it wait without asking; every other destination is
 * served meanwhile. The platform clients never wait inside a call.
 *
 * A claim is a lease of `leaseMs` that the sender renews every third of it while the send is under way
 * (a slow platform call), so a live sender keeps it and another
 * replica never sends the same entry alongside it; a killed sender stops renewing, and a restarted or
 * other process takes the entry over within one lease. What this cannot rule out (at-least-once): a
 * request the platform received and carried out, whose success was not recorded before the sender died
 * — the window is one platform round trip plus one store write — is sent again by whoever takes over;
 * and a sender that could not renew for a whole lease (its event loop stalled, the store unreachable)
 * may be overtaken while its own request is still under way.
 */
export function createDelivery(deps: DeliveryDeps, instanceId: string, leaseMs = DEFAULT_LEASE_MS): Delivery {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** When this pump started: a message's wait for its platform counts from here at the earliest. */
  const startedMs = deps.now().getTime();

  /** One batch; true when it was full and moved, so more may be waiting behind it. */
  async function round(): Promise<boolean> {
    const now = deps.now();
    const pending = (await deps.store.pendingOutbox(now.toISOString(), BATCH)).sort(outboxOrder);
    if (!pending.length) return false;
    // The earliest message in backoff per destination: what comes after it there must wait.
    const holders = new Map<string, OutboxEntry>();
    for (const held of await deps.store.heldOutbox(now.toISOString(), HELD)) {
      const to = destinationOf(held);
      const first = holders.get(to);
      if (!first || outboxOrder(held, first) < 0) holders.set(to, held);
    }
    const byRelease = new Map<string, OutboxEntry[]>();
    for (const entry of pending) {
      const entries = byRelease.get(entry.releaseId);
      if (entries) entries.push(entry);
      else byRelease.set(entry.releaseId, [entry]);
    }
    // Releases are independent: a few are sent side by side, so the pump is not idle while one
    // platform call is under way; each release's own messages still go out one after another, in order.
    const queue = [...byRelease.values()];
    let delivered = 0;
    const lane = async () => {
      for (let entries = queue.shift(); entries; entries = queue.shift())
        delivered += await deliverInOrder(entries, holders);
    };
    await Promise.all(Array.from({ length: Math.min(LANES, queue.length) }, lane));
    return pending.length === BATCH && delivered > 0;
  }

  /**
   * One release's entries in order. One that cannot be claimed (another process is sending it) or sent
   * stops its destination for this round; one behind a message in backoff is put off until that is due.
   * The round's entries are claimed together (one store write) and its reads are shared (`releaseView`);
   * each message is still marked delivered as soon as it is sent, so a crash re-sends at most the one
   * under way. A claimed entry left unsent (its destination stopped) is given back at once.
   */
  async function deliverInOrder(entries: OutboxEntry[], holders: Map<string, OutboxEntry>): Promise<number> {
    let delivered = 0;
    /** Stopped destinations, and until when what follows there waits (now: only given back). */
    const stopped = new Map<string, string>();
    const wanted: OutboxEntry[] = [];
    for (const entry of entries) {
      const to = destinationOf(entry);
      if (stopped.has(to)) continue;
      const holder = holders.get(to);
      if (holder && outboxOrder(holder, entry) < 0) {
        stopped.set(to, holder.notBefore);
        await deps.store
          .postponeOutbox(entry.key, holder.notBefore)
          .catch((err: unknown) => deps.log.warn({ err, key: entry.key }, 'could not put a message off'));
        continue;
      }
      wanted.push(entry);
    }
    if (!wanted.length) return 0;
    // Chat messages before webhook posts: a receiver slow to answer (up to its timeout) must not hold
    // up what people wait for. Each destination's own order is kept (a stable partition).
    wanted.sort((a, b) => Number(a.effect.type === 'webhook') - Number(b.effect.type === 'webhook'));
    // Requests waiting on the event loop (clicks to acknowledge) go first; a message can wait a moment.
    await yieldToRequests();
    const claimedAt = deps.now();
    const claimed = new Set(
      await deps.store.claimOutboxMany(
        wanted.map((e) => e.key),
        instanceId,
        claimedAt.toISOString(),
        leaseMs,
      ),
    );
    const lease = holdLease(deps, instanceId, leaseMs, claimed, claimedAt.getTime());
    const view = releaseView(deps, entries[0]?.releaseId ?? '');
    try {
      for (const entry of wanted) {
        const to = destinationOf(entry);
        if (!claimed.has(entry.key)) {
          stopped.set(to, stopped.get(to) ?? deps.now().toISOString());
          continue;
        }
        const waitUntil = stopped.get(to);
        if (waitUntil !== undefined) {
          await lease.drop(entry.key);
          await giveBack(entry, waitUntil);
          continue;
        }
        if (entry !== wanted[0]) await yieldToRequests();
        // Another replica may have taken a claim over that this sender could not renew in time.
        if (!(await lease.stillHeld(entry.key))) {
          await lease.drop(entry.key);
          stopped.set(to, deps.now().toISOString());
          continue;
        }
        try {
          await deliverEffect(deps, entry, view, maybeSent(entry));
        } catch (err) {
          await lease.drop(entry.key);
          stopped.set(to, await failed(entry, err, view));
          continue;
        }
        // Sent. A failure from here on is the store's, not the send's: treated as a failed send, the
        // retry would send the message a second time. The claim stays held (and renewed) meanwhile.
        const recorded = await recordDelivered(entry);
        await lease.drop(entry.key);
        if (recorded) delivered++;
        else stopped.set(to, deps.now().toISOString());
      }
    } finally {
      await lease.end();
    }
    return delivered;
  }

  /**
   * Records a sent message as delivered, trying again while the store fails (a busy or failing-over
   * server). False if it still could not after about a lease: the claim then runs out, and whoever
   * takes the entry over sends it again — the at-least-once window described above, logged as such.
   */
  async function recordDelivered(entry: OutboxEntry): Promise<boolean> {
    let waitMs = 50;
    for (let spent = 0; ; spent += waitMs, waitMs = Math.min(waitMs * 2, 2_000)) {
      try {
        await deps.store.markDelivered(entry.key);
        return true;
      } catch (err) {
        if (spent >= leaseMs || stopped) {
          deps.log.error(
            { err, key: entry.key, releaseId: entry.releaseId },
            'message sent, but its delivery could not be recorded: it may be sent again',
          );
          return false;
        }
        deps.log.warn({ err, key: entry.key }, 'could not record a sent message as delivered; trying again');
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  /**
   * Whether an earlier try of the entry may have reached the platform without being recorded: it failed
   * before (a timeout may have gone through), or it is older than a lease — a sender that claimed it and
   * died is passed only once its claim is a lease old, so every takeover is of an entry at least that old.
   */
  function maybeSent(entry: OutboxEntry): boolean {
    return entry.attempts > 0 || deps.now().getTime() - Date.parse(entry.createdAt) >= leaseMs;
  }

  /** A claimed entry not sent this round: its claim released, not counted as a try. */
  async function giveBack(entry: OutboxEntry, notBefore: string) {
    await deps.store
      .deferOutbox(entry.key, notBefore, 'waits behind an earlier message to its destination', false)
      .catch((err: unknown) =>
        deps.log.warn({ err, key: entry.key }, 'could not give a delivery claim back'),
      );
  }

  /**
   * A failed send: tried again after a backoff, or given up once it has failed long enough. Returns
   * until when what follows it to its destination waits.
   */
  async function failed(entry: OutboxEntry, err: unknown, view: ReleaseView): Promise<string> {
    const now = deps.now();
    if (err instanceof RateLimited) return rateLimited(entry, err, view);
    const waiting = err instanceof SurfaceNotAttached;
    const attachWait = waiting ? attachWaitMs(startedMs, Date.parse(entry.createdAt), now.getTime()) : null;
    if (waiting ? attachWait === null : shouldGiveUp(entry)) {
      await giveUp(entry, err, view);
      return now.toISOString();
    }
    const waitMs = attachWait ?? retryWaitMs(entry);
    deps.log[waiting ? 'debug' : 'warn'](
      { err, key: entry.key, attempts: entry.attempts + 1, retryInMs: waitMs },
      'message delivery failed',
    );
    if (!waiting) {
      deps.metrics.outboxRetries.inc({ platform: await platformOf(entry, view) });
      countWebhook(entry, 'retried');
    }
    // Waiting for a platform to attach is no try: it must not use up the message's tries.
    const notBefore = new Date(now.getTime() + waitMs).toISOString();
    await deps.store.deferOutbox(entry.key, notBefore, String(err), !waiting).catch(() => {});
    return notBefore;
  }

  /**
   * The destination is rate-limited: the message waits as long as the platform said, without a try
   * counted (the platform paces us; it did not fail), and what follows it there waits behind it.
   */
  async function rateLimited(entry: OutboxEntry, err: RateLimited, view: ReleaseView): Promise<string> {
    const notBefore = new Date(deps.now().getTime() + err.retryAfterMs).toISOString();
    if (!err.held) deps.metrics.outboxRetries.inc({ platform: await platformOf(entry, view) });
    deps.log.debug(
      { key: entry.key, destination: err.destination, retryInMs: err.retryAfterMs },
      'message waits out a rate limit',
    );
    await deps.store.deferOutbox(entry.key, notBefore, String(err), false).catch(() => {});
    return notBefore;
  }

  /** What the outbox counters label an entry with: the release's platform, or `webhook`. */
  async function platformOf(entry: OutboxEntry, view: ReleaseView): Promise<string> {
    if (entry.effect.type === 'webhook') return 'webhook';
    return (await view.release().catch(() => null))?.origin.platform ?? 'unknown';
  }

  function countWebhook(entry: OutboxEntry, outcome: 'retried' | 'given_up') {
    if (entry.effect.type === 'webhook')
      deps.metrics.webhookDeliveries.inc({ hook: entry.effect.hook, outcome });
  }

  async function giveUp(entry: OutboxEntry, err: unknown, view: ReleaseView) {
    deps.metrics.outboxGiveUps.inc({ platform: await platformOf(entry, view) });
    countWebhook(entry, 'given_up');
    deps.log.error(
      { err, key: entry.key, releaseId: entry.releaseId, effect: entry.effect, attempts: entry.attempts + 1 },
      entry.effect.type === 'webhook'
        ? `webhook delivery given up after ten minutes of failures: ${entry.effect.hook} (event ${entry.effect.payload.id}); recorded in the release trail as undelivered`
        : err instanceof SurfaceNotAttached
          ? `message given up: ${err.platform} is not run by this deployment (not attached in ten minutes); recorded in the release trail as undelivered`
          : 'message given up after repeated failures; recorded in the release trail as undelivered',
    );
    try {
      await recordGivenUp(deps, entry);
      await deps.store.markDelivered(entry.key);
      again = true; // the status card's line, and what waited behind this message
    } catch (recordErr) {
      // Not recorded: keep it, so nothing is dropped unrecorded; the next failure tries again.
      deps.log.error({ err: recordErr, key: entry.key }, 'could not record a message given up');
      await deps.store
        .deferOutbox(entry.key, new Date(deps.now().getTime() + 1000).toISOString(), String(err))
        .catch(() => {});
    }
  }

  function kick(): Promise<void> {
    // A kick deferred past stop() (see afterCommit) must not reach a closed store.
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        // A burst leaves more than one batch behind: keep going instead of waiting for the sweep,
        // which would let a backlog out at only one batch per interval.
        let more: boolean;
        do {
          again = false;
          more = await round();
        } while (again || more);
      } catch (err) {
        deps.log.error({ err }, 'outbox round failed');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    kick,
    start(intervalMs) {
      timer = setInterval(() => void kick(), intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
