import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebhookPayload, webhookPayload } from '../../src/webhooks/payload.js';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../src/webhooks/sign.js';

/** One POST the receiver answered 2xx: the headers it checked and the body it parsed. */
export interface Received {
  event: string;
  delivery: string;
  timestampS: number;
  signature: string;
  /** The body exactly as it arrived. */
  raw: string;
  payload: WebhookPayload;
}

/**
 * A team's webhook receiver, as a real HTTP server: it checks every delivery as docs/pipeline.md tells
 * receivers to (signature over timestamp and body, timestamp within five minutes of `nowS`, the body
 * against the payload schema) and keeps what it accepted. It can be unreachable (`close`: connection
 * refused), answer 503 (`failing`), and come back on the same address (`open`).
 */
export class WebhookReceiver {
  /** Accepted deliveries, in the order they arrived. */
  readonly accepted: Received[] = [];
  /** Requests it refused as not from golive (a bad signature, a stale timestamp, a malformed body). */
  readonly refused: string[] = [];
  /** Requests answered 503 while `failing`. */
  unavailable = 0;
  failing = false;
  private server: Server | undefined;
  private port = 0;

  constructor(
    private readonly secret: string,
    private readonly nowS: () => number,
    readonly path = '/hooks/golive',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.path}`;
  }

  /** Starts listening (again, on the same port once it had one). */
  async open(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req).then((status) => res.writeHead(status).end());
    });
    await new Promise<void>((done) => server.listen(this.port, '127.0.0.1', done));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: golive's posts are refused at the TCP level. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }

  /** Accepted event names, in order. */
  events(): string[] {
    return this.accepted.map((r) => r.event);
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (this.failing) {
      this.unavailable++;
      return 503;
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const timestamp = header(WEBHOOK_HEADERS.timestamp);
    const signature = header(WEBHOOK_HEADERS.signature);
    if (req.method !== 'POST' || req.url !== this.path || header('content-type') !== 'application/json') {
      this.refused.push(`${req.method} ${req.url} ${header('content-type')}`);
      return 400;
    }
    if (!verifyWebhook(this.secret, { timestamp, signature }, body, this.nowS())) {
      this.refused.push(`signature ${signature} at ${timestamp}`);
      return 401;
    }
    const parsed = webhookPayload.safeParse(JSON.parse(body));
    if (!parsed.success) {
      this.refused.push(`body ${parsed.error.message}`);
      return 400;
    }
    const event = header(WEBHOOK_HEADERS.event) ?? '';
    const delivery = header(WEBHOOK_HEADERS.delivery) ?? '';
    if (event !== parsed.data.event || delivery !== parsed.data.id) {
      this.refused.push(`headers ${event} ${delivery} do not match the body`);
      return 400;
    }
    this.accepted.push({
      event,
      delivery,
      timestampS: Number(timestamp),
      signature: signature ?? '',
      raw: body,
      payload: parsed.data,
    });
    return 204;
  }
}
