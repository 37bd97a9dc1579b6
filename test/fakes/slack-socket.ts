import { type WebSocket, WebSocketServer } from 'ws';

/** The kinds of envelope Slack sends over Socket Mode that golive handles. */
export type EnvelopeType = 'interactive' | 'slash_commands' | 'events_api';

/** One envelope as Slack's Socket Mode sends it. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** An acknowledgement the app sent back: `{ envelope_id, payload? }`, on which connection. */
export interface SocketAck {
  envelopeId: string;
  payload?: Record<string, unknown>;
  connection: number;
}

/** What happened on the links, in the order the fake saw it. */
export type LinkEvent =
  | { kind: 'opened' | 'closed'; connection: number }
  | { kind: 'disconnect'; connection: number; reason: string }
  | { kind: 'envelope'; connection: number; envelopeId: string }
  | { kind: 'ack'; connection: number; envelopeId: string };

/**
 * A loopback stand-in for Slack's Socket Mode endpoint (the URL `apps.connections.open` hands out):
 * greets each connection with `hello`, delivers envelopes in Slack's shapes, records the acks, asks
 * for a refresh with `disconnect`, and closes connections as Slack does. Every step is recorded in
 * `events`, so a test asserts the order things happened in, never how long they took; `until` waits
 * for a condition by re-checking it on each event (the test's own timeout bounds the wait).
 */
export class FakeSlackSocket {
  readonly events: LinkEvent[] = [];
  readonly acks: SocketAck[] = [];
  /** Every envelope delivered, by id (the last delivery of an id wins). */
  readonly envelopes = new Map<string, Envelope>();
  private readonly open = new Map<number, WebSocket>();
  private readonly watchers = new Set<() => void>();
  private connections = 0;
  private seq = 0;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly port: number,
  ) {
    server.on('connection', (ws) => this.accept(ws));
  }

  static async start(): Promise<FakeSlackSocket> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    return new FakeSlackSocket(server, typeof address === 'object' && address ? address.port : 0);
  }

  url(ticket: string): string {
    return `ws://127.0.0.1:${this.port}/link/?ticket=${ticket}`;
  }

  /** How many connections were ever opened. */
  opened(): number {
    return this.connections;
  }

  /** Connections open now, oldest first. */
  openConnections(): number[] {
    return [...this.open.keys()];
  }

  /** Resolves with the first truthy value of `check`, re-checked after every link event. */
  until<T>(check: () => T | undefined | false): Promise<T> {
    const now = check();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const watch = () => {
        const value = check();
        if (!value) return;
        this.watchers.delete(watch);
        resolve(value);
      };
      this.watchers.add(watch);
    });
  }

  /** Resolves with the id of the next connection opened after `after` (default: the newest so far). */
  nextConnection(after = this.connections): Promise<number> {
    return this.until(() => (this.connections > after ? after + 1 : undefined));
  }

  /** Resolves once `connection` is closed. */
  closed(connection: number): Promise<true> {
    return this.until(() => this.events.some((e) => e.kind === 'closed' && e.connection === connection));
  }

  /**
   * Sends an envelope on `connection` (default: the newest open one). A redelivery passes the
   * `envelopeId` of the first; Slack's retries carry `retry` (`retry_attempt`, `retry_reason`).
   */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts: { connection?: number; envelopeId?: string; retry?: { attempt: number; reason: string } } = {},
  ): Envelope {
    const connection = opts.connection ?? this.openConnections().at(-1);
    const ws = connection === undefined ? undefined : this.open.get(connection);
    if (connection === undefined || !ws) throw new Error('no Socket Mode connection is open to deliver on');
    const envelope: Envelope = {
      envelope_id: opts.envelopeId ?? `env-${++this.seq}-${Math.random().toString(36).slice(2, 10)}`,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(opts.retry ? { retry_attempt: opts.retry.attempt, retry_reason: opts.retry.reason } : {}),
    };
    this.envelopes.set(envelope.envelope_id, envelope);
    ws.send(JSON.stringify(envelope));
    this.record({ kind: 'envelope', connection, envelopeId: envelope.envelope_id });
    return envelope;
  }

  /** Resolves with the first ack of `envelopeId` after the `skip` earlier ones. */
  acked(envelopeId: string, skip = 0): Promise<SocketAck> {
    return this.until(() => this.acksOf(envelopeId)[skip]);
  }

  acksOf(envelopeId: string): SocketAck[] {
    return this.acks.filter((a) => a.envelopeId === envelopeId);
  }

  /** Slack's `disconnect` message: `refresh_requested` (reconnect now), `warning` (soon), … */
  disconnect(reason: string, connection = this.openConnections().at(-1)): void {
    const ws = connection === undefined ? undefined : this.open.get(connection);
    if (connection === undefined || !ws) throw new Error('no Socket Mode connection is open');
    ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
    this.record({ kind: 'disconnect', connection, reason });
  }

  /** Slack closes `connection` (a close handshake); resolves once it is closed. */
  async drop(connection: number): Promise<void> {
    this.open.get(connection)?.close(1001, 'going away');
    await this.closed(connection);
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.watchers.clear();
  }

  private accept(ws: WebSocket): void {
    const connection = ++this.connections;
    this.open.set(connection, ws);
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: { envelope_id?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        return;
      }
      if (typeof frame.envelope_id !== 'string') return;
      const ack: SocketAck = { envelopeId: frame.envelope_id, connection };
      if (frame.payload && typeof frame.payload === 'object')
        ack.payload = frame.payload as Record<string, unknown>;
      this.acks.push(ack);
      this.record({ kind: 'ack', connection, envelopeId: ack.envelopeId });
    });
    ws.on('close', () => {
      this.open.delete(connection);
      this.record({ kind: 'closed', connection });
    });
    this.record({ kind: 'opened', connection });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open.size,
        debug_info: { host: 'applink-fake', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A_TEST' },
      }),
    );
  }

  private record(event: LinkEvent): void {
    this.events.push(event);
    for (const watch of [...this.watchers]) watch();
  }
}
