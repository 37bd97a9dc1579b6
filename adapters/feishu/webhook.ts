import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.js';
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
}

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
  return async (req, res) => {
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, { error: 'body too large' });
    const timestamp = header(req, 'x-lark-request-timestamp');
    const nonce = header(req, 'x-lark-request-nonce');
    const signature = header(req, 'x-lark-signature');

    const encrypted = encryptedField(raw);
    if (encrypted === undefined) return refuse(res, opts.log, 'body is not encrypted');
    const signed = Boolean(timestamp && nonce && signature);
    if (signed) {
      const seconds = Number(timestamp);
      if (!Number.isFinite(seconds)) return refuse(res, opts.log, 'timestamp is not a number');
      if (Math.abs(now() - seconds * 1000) > maxSkewMs) return refuse(res, opts.log, 'timestamp is stale');
      if (!signatureMatches(larkSignature(timestamp!, nonce!, opts.encryptKey, raw), signature!)) {
        return refuse(res, opts.log, 'signature does not match');
      }
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(decryptBody(opts.encryptKey, encrypted)) as Record<string, unknown>;
    } catch {
      return refuse(res, opts.log, 'body does not decrypt with the encrypt key');
    }
    const eventHeader = payload.header as { token?: unknown } | undefined;
    if (!tokenOk(eventHeader?.token ?? payload.token, opts.verificationToken)) {
      return refuse(res, opts.log, 'wrong verification token');
    }
    // The URL check Feishu makes when the address is saved may come unsigned; decrypting with
    // our key is its proof, and answering it changes nothing. Everything else must be signed.
    if (payload.type === 'url_verification') return send(res, 200, { challenge: payload.challenge });
    if (!signed) return refuse(res, opts.log, 'signature or timestamp missing');

    let answer: unknown;
    try {
      answer = await opts.dispatcher.invoke(payload, { needCheck: false });
    } catch (err) {
      if (!(err instanceof StillRunning)) throw err;
      // Not 200: Feishu pushes the event again, and the re-push is answered once the work is done.
      opts.log.warn({ eventId: err.eventId }, 'feishu event not finished in time; answered 503');
      return send(res, 503, { error: 'still handling this event; push it again' });
    }
    send(res, 200, answer && typeof answer === 'object' ? answer : {});
  };
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

function refuse(res: ServerResponse, log: Logger, reason: string): void {
  log.warn({ reason }, 'feishu request refused');
  send(res, 401, { error: reason });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
