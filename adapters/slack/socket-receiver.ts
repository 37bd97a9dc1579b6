import {
  type App,
  defaultProcessEventErrorHandler,
  type Receiver,
  type ReceiverEvent,
  type webApi,
} from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../src/log.js';

/** Disconnect reasons after which Slack expects a new connection while the old one still works. */
const REFRESH_REASONS = new Set(['refresh_requested', 'warning']);

/** How long a replaced connection may stay open for its envelopes still being answered, ms (Slack waits 3 s for an ack). */
const DRAIN_MS = 3_000;

/**
 * A Socket Mode client that reports Slack's "please reconnect" (`disconnect` with `refresh_requested`
 * or `warning`) instead of closing its socket at once as the SDK does: the SDK then waits its
 * reconnect delay (5 s) with no connection open, and clicks in that gap fail on Slack's side.
 */
class RefreshableClient extends SocketModeClient {
  protected override async onWebSocketMessage(data: string | ArrayBuffer, isBinary: boolean): Promise<void> {
    const reason = !isBinary && typeof data === 'string' ? refreshReason(data) : undefined;
    if (reason) {
      this.emit('refresh', reason);
      return;
    }
    return super.onWebSocketMessage(data, isBinary);
  }
}

/** The reason of a `disconnect` message that asks for a new connection, if `data` is one. */
function refreshReason(data: string): string | undefined {
  // Envelopes can be large: only short frames naming a disconnect are parsed twice.
  if (data.length > 1_000 || !data.includes('"disconnect"')) return undefined;
  try {
    const message = JSON.parse(data) as { type?: unknown; reason?: unknown };
    if (message.type !== 'disconnect' || typeof message.reason !== 'string') return undefined;
    return REFRESH_REASONS.has(message.reason) ? message.reason : undefined;
  } catch {
    return undefined;
  }
}

// The SDK's own line when an ack cannot be sent; golive logs that failure itself, with its context.
const SEND_FAILED = /^Failed to send a (WebSocket )?message/;

/** The SDK's logger with its context-free "failed to send" errors at debug level. */
function quietSendFailures(logger: webApi.Logger): webApi.Logger {
  return {
    debug: (...msg) => logger.debug(...msg),
    info: (...msg) => logger.info(...msg),
    warn: (...msg) => logger.warn(...msg),
    error: (...msg) => (SEND_FAILED.test(String(msg[0])) ? logger.debug(...msg) : logger.error(...msg)),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}

/** What the SDK hands its `slack_event` listeners. */
interface SocketEvent {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/** One delivery's answer: whether Slack heard it, and with what payload. */
interface Answer {
  sent: boolean;
  response?: Record<string, unknown>;
}

/** A connection and the envelopes that came on it and are not acknowledged yet. */
interface Link {
  client: RefreshableClient;
  unanswered: number;
  drained?: () => void;
}

export type LinkState = 'connected' | 'reconnecting';

/**
 * Bolt's receiver for Socket Mode, replacing Bolt's `SocketModeReceiver`:
 * - when Slack asks for a refresh, the next connection is opened first and the old one is closed
 *   only once the next has said `hello` and the old one's envelopes are answered (Slack allows up
 *   to 10 connections per app), so there is no moment without a connection;
 * - an envelope delivered again (same `envelope_id`, or Slack's retry of the same request: same
 *   `trigger_id` or `event_id`) on any connection is handled once and acknowledged with the first
 *   delivery's answer. Only when Slack never heard that answer (the ack could not be sent) does the
 *   redelivery go to the listeners again, where the core's idempotency answers it.
 */
export class SocketLinkReceiver implements Receiver {
  private app?: App;
  private current?: Link;
  private readonly links = new Set<Link>();
  private replacing = false;
  private stopped = false;
  private readonly listeners: ((state: LinkState) => void)[] = [];
  /** Deliveries being handled, by delivery key (bounded by what is in flight). */
  private readonly pending = new Map<string, Promise<Answer>>();
  // Answers Slack heard, to repeat to its redeliveries: it redelivers within minutes (at once,
  // ~1 min, ~5 min). Bounded in count and in size (a modal's next view can be tens of kB).
  private readonly answers = new LRUCache<string, Answer>({
    max: 10_000,
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (a) => 64 + (a.response ? JSON.stringify(a.response).length : 0),
    ttl: 10 * 60_000,
  });

  constructor(
    private readonly opts: {
      appToken: string;
      /** Bolt-style logger for the SDK. */
      logger: webApi.Logger;
      log: Logger;
      clientOptions?: webApi.WebClientOptions;
      /** How long a replaced connection stays open for envelopes still being answered, ms. Default 3 s. */
      drainMs?: number;
    },
  ) {}

  /** Called with `connected` on every `hello`, and `reconnecting` when the live connection dropped. */
  onState(listener: (state: LinkState) => void): void {
    this.listeners.push(listener);
  }

  init(app: App): void {
    this.app = app;
  }

  /** Opens the first connection (again, after a failed try); resolves on Slack's `hello`. */
  start(): Promise<unknown> {
    this.stopped = false;
    this.current ??= this.link();
    return this.current.client.start();
  }

  /** Closes every connection without waiting for Slack's side of the close (it may never come). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const l of this.links) void l.client.disconnect();
    this.links.clear();
    this.current = undefined;
  }

  private link(): Link {
    const client = new RefreshableClient({
      appToken: this.opts.appToken,
      logger: quietSendFailures(this.opts.logger),
      clientOptions: { ...this.opts.clientOptions },
    });
    const link: Link = { client, unanswered: 0 };
    this.links.add(link);
    client.on('slack_event', (event: SocketEvent) => void this.dispatch(link, event));
    client.on('connected', () => this.emit('connected'));
    // The SDK reconnects a connection that dropped on its own; only the live one's drop matters.
    client.on('reconnecting', () => {
      if (link === this.current) this.emit('reconnecting');
    });
    client.on('refresh', (reason: string) => this.refresh(link, reason));
    return link;
  }

  private emit(state: LinkState): void {
    for (const listener of this.listeners) listener(state);
  }

  /** Opens the next connection, then retires `old`; if the next cannot open, `old` reconnects as the SDK would. */
  private refresh(old: Link, reason: string): void {
    if (old !== this.current || this.replacing || this.stopped) return;
    this.replacing = true;
    this.opts.log.info({ reason }, 'slack socket mode: opening the next connection before closing this one');
    const next = this.link();
    next.client
      .start()
      .then(
        () => {
          if (this.stopped) return void next.client.disconnect();
          this.current = next;
          this.retire(old);
        },
        (err: unknown) => {
          this.links.delete(next);
          if (this.stopped) return;
          this.opts.log.warn(
            { err, reason },
            'slack socket mode: could not open the next connection; reconnecting',
          );
          void next.client.disconnect();
          old.client.websocket?.disconnect();
        },
      )
      .finally(() => {
        this.replacing = false;
      });
  }

  /** Closes `link` once its envelopes are answered (or Slack has stopped waiting for them). */
  private retire(link: Link): void {
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      link.drained = undefined;
      this.links.delete(link);
      void link.client.disconnect();
    };
    const timer = setTimeout(close, this.opts.drainMs ?? DRAIN_MS);
    timer.unref();
    if (link.unanswered === 0) close();
    else link.drained = close;
  }

  /** The answer to an earlier delivery of the same request: being handled, or heard by Slack. */
  private earlier(keys: string[]): Promise<Answer> | undefined {
    for (const key of keys) {
      const pending = this.pending.get(key);
      if (pending) return pending;
      const heard = this.answers.get(key);
      if (heard) return Promise.resolve(heard);
    }
    return undefined;
  }

  private async dispatch(link: Link, event: SocketEvent): Promise<void> {
    const keys = deliveryKeys(event);
    // An answer Slack never heard leaves nothing behind, so this ends once no earlier delivery is in flight.
    for (let earlier = this.earlier(keys); earlier; earlier = this.earlier(keys)) {
      const answer = await earlier;
      if (!answer.sent) continue;
      this.opts.log.debug(
        { envelope: event.envelope_id, retry: event.retry_num, reason: event.retry_reason },
        'slack delivered an envelope again; answered as the first time',
      );
      await event.ack(answer.response).catch((err: unknown) => {
        this.opts.log.warn({ err, envelope: event.envelope_id }, 'could not acknowledge a slack redelivery');
      });
      return;
    }
    let settle: (answer: Answer) => void = () => undefined;
    const answer = new Promise<Answer>((resolve) => {
      settle = resolve;
    });
    for (const key of keys) this.pending.set(key, answer);
    link.unanswered += 1;
    let acking = false;
    let answered = false;
    const done = (result: Answer) => {
      if (answered) return;
      answered = true;
      for (const key of keys) {
        this.pending.delete(key);
        if (result.sent) this.answers.set(key, result);
      }
      settle(result);
      link.unanswered -= 1;
      if (link.unanswered === 0) link.drained?.();
    };
    const receiverEvent: ReceiverEvent = {
      body: event.body,
      retryNum: event.retry_num,
      retryReason: event.retry_reason,
      customProperties: {},
      ack: async (response?: Record<string, unknown>) => {
        if (acking || answered) {
          this.opts.log.debug({ envelope: event.envelope_id }, 'a second ack of one envelope was ignored');
          return;
        }
        acking = true;
        try {
          await event.ack(response);
          done({ sent: true, response });
        } catch (err) {
          done({ sent: false });
          throw err;
        }
      },
    };
    try {
      await this.app?.processEvent(receiverEvent);
    } catch (error) {
      const shouldAck = await defaultProcessEventErrorHandler({
        error: error as Error,
        logger: this.opts.logger,
        event: receiverEvent,
      });
      if (shouldAck) await receiverEvent.ack().catch(() => undefined);
    } finally {
      // An ack under way settles the answer itself.
      if (!acking) done({ sent: false });
    }
  }
}

/**
 * What names one delivery: its envelope, and the request inside (Slack's retry of a request may
 * come in a new envelope; the request's trigger or event id stays).
 */
function deliveryKeys(event: SocketEvent): string[] {
  const keys = [`envelope:${event.envelope_id}`];
  const body = event.body as { trigger_id?: unknown; event_id?: unknown } | undefined;
  if (typeof body?.trigger_id === 'string' && body.trigger_id) keys.push(`trigger:${body.trigger_id}`);
  if (typeof body?.event_id === 'string' && body.event_id) keys.push(`event:${body.event_id}`);
  return keys;
}
