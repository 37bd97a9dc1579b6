import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { readLimitedBody } from '../../src/server/body.js';
import type { RouteHandler } from '../../src/server/http.js';
import { decryptBody, larkSignature, signatureMatches } from './crypto.js';
import { StillRunning } from './event-answer.js';

/** Anything that takes a decrypted event and returns the answer (the SDK's EventDispatcher). */
export interface FeishuDispatcher {
  invoke(data: unknown, params?: { needCheck?: boolean }): Promise<unknown>;
}

export interface FeishuWebhookOptions {
  encryptKey: string;
  verificationToken?: string;
  dispatcher: FeishuDispatcher;
  log: Logger;
  /** Clock in ms; tests move it. */
  now?: () => number;
  /** How old (or how far ahead) a request's timestamp may be. Default 5 minutes. */
  maxSkewMs?: number;
  /** Refusals are counted here. */
  metrics?: Metrics;
}

/**
 * The envelope of a decrypted request, as far as the SDK's dispatcher reads it before our handlers
 * (which validate their own parts): an object, whose `header` and `event`, when present, are objects.
 * Anything else is malformed, answered with 400 (Feishu does not push a 4xx again).
 */
const Envelope = z.looseObject({
  type: z.string().optional(),
  challenge: z.string().optional(),
  token: z.unknown().optional(),
  header: z.looseObject({ token: z.unknown().optional(), event_type: z.string().optional() }).optional(),
  event: z.looseObject({}).optional(),
});
type Envelope = z.infer<typeof Envelope>;

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `POST /feishu/events`: events and card callbacks. The SDK's own adapter answers forgeries
 * with 200 and never looks at the timestamp, so this handler checks signature, age and
 * encryption itself, answers 401 to anything that fails, and only then hands the decrypted
 * payload to the dispatcher.
 */
export function feishuWebhook(opts: FeishuWebhookOptions): RouteHandler {
  const now = opts.now ?? Date.now;
  const maxSkewMs = opts.maxSkewMs ?? 5 * 60_000;
  const refuse = (res: ServerResponse, reason: string, status = 401) => {
    opts.log.warn({ reason }, 'feishu request refused');
    opts.metrics?.refusals.inc({ reason: status === 401 ? 'bad_signature' : 'malformed' });
    send(res, status, { error: reason });
  };
  return async (req, res) => {
    const body = await readLimitedBody(req, res, MAX_BODY_BYTES);
    if (!body) {
      opts.metrics?.refusals.inc({ reason: 'too_large' });
      opts.log.warn({ limit: MAX_BODY_BYTES }, 'feishu request refused: body over the size limit');
      return;
    }
    const raw = body.toString('utf8');
    const timestamp = header(req, 'x-lark-request-timestamp');
    const nonce = header(req, 'x-lark-request-nonce');
    const signature = header(req, 'x-lark-signature');

    const encrypted = encryptedField(raw);
    if (encrypted === undefined) return refuse(res, 'body is not encrypted');
    const signed = Boolean(timestamp && nonce && signature);
    if (signed) {
      const seconds = Number(timestamp);
      if (!Number.isFinite(seconds)) return refuse(res, 'timestamp is not a number');
      if (Math.abs(now() - seconds * 1000) > maxSkewMs) return refuse(res, 'timestamp is stale');
      if (!signatureMatches(larkSignature(timestamp!, nonce!, opts.encryptKey, raw), signature!)) {
        return refuse(res, 'signature does not match');
      }
    }
    let decrypted: string;
    try {
      decrypted = decryptBody(opts.encryptKey, encrypted);
    } catch {
      return refuse(res, 'body does not decrypt with the encrypt key');
    }
    const payload = readEnvelope(decrypted);
    if (!payload) return refuse(res, 'decrypted body is not an event or callback', 400);
    if (!tokenOk(payload.header?.token ?? payload.token, opts.verificationToken)) {
      return refuse(res, 'wrong verification token');
    }
    // The URL check Feishu makes when the address is saved may come unsigned; decrypting with
    // our key is its proof, and answering it changes nothing. Everything else must be signed.
    if (payload.type === 'url_verification') return send(res, 200, { challenge: payload.challenge });
    if (!signed) return refuse(res, 'signature or timestamp missing');

    let answer: unknown;
    try {
      answer = await opts.dispatcher.invoke(payload, { needCheck: false });
    } catch (err) {
      if (!(err instanceof StillRunning)) {
        // Our handlers catch and report their own failures: what throws here is the SDK reading a
        // body it cannot make sense of. The same body would fail again, so no 5xx (a re-push).
        opts.log.error(
          { err, eventType: payload.header?.event_type },
          'feishu request could not be dispatched',
        );
        return refuse(res, 'event could not be read', 400);
      }
      // Not 200: Feishu pushes the event again, and the re-push is answered once the work is done.
      opts.log.warn({ eventId: err.eventId }, 'feishu event not finished in time; answered 503');
      return send(res, 503, { error: 'still handling this event; push it again' });
    }
    send(res, 200, answer && typeof answer === 'object' ? answer : {});
  };
}

function readEnvelope(decrypted: string): Envelope | undefined {
  try {
    const parsed = Envelope.safeParse(JSON.parse(decrypted));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function tokenOk(given: unknown, expected: string | undefined): boolean {
  return !expected || given === undefined || given === expected;
}

function encryptedField(raw: string): string | undefined {
  try {
    const body = JSON.parse(raw) as unknown;
    if (body && typeof body === 'object' && typeof (body as { encrypt?: unknown }).encrypt === 'string') {
      return (body as { encrypt: string }).encrypt;
    }
  } catch {
    // Not JSON: refused below like any other unencrypted body.
  }
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
