import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import type { HttpServer } from '../../src/server/http.js';
import { ReplayGuard } from './replay-guard.js';

/** Where Slack sends events, slash commands and interactions in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Mounts Bolt's HTTPReceiver on the shared listener. Every signature and timestamp is verified here,
 * once (401 otherwise; the receiver is built with Bolt's own check off, which did the same HMAC over
 * the same body a second time for every request), and a replay guard refuses a correctly signed
 * request seen before, also with 401. The body is read once here and handed to Bolt as `rawBody`,
 * which Bolt reuses instead of reading the stream again.
 */
export function mountSlackEvents(opts: {
  http: HttpServer;
  receiver: HTTPReceiver;
  signingSecret: string;
  log: Logger;
  guard?: ReplayGuard;
}): void {
  const guard = opts.guard ?? new ReplayGuard();
  opts.http.route('POST', SLACK_EVENTS_PATH, async (req, res) => {
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch (err) {
      opts.log.warn({ err }, 'slack request body unreadable or too large');
      refuse(res, 413);
      return;
    }
    const signature = header(req, 'x-slack-signature');
    const timestamp = header(req, 'x-slack-request-timestamp');
    const valid = isValidSlackRequest({
      signingSecret: opts.signingSecret,
      body: rawBody.toString('utf8'),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
    });
    if (!valid) {
      opts.log.warn({ timestamp }, 'refused a slack request with a bad signature or timestamp');
      refuse(res, 401);
      return;
    }
    if (!guard.admit(signature, Number(timestamp))) {
      opts.log.warn({ timestamp }, 'refused a replayed slack request');
      refuse(res, 401);
      return;
    }
    Object.assign(req, { rawBody });
    opts.receiver.requestListener(req, res);
  });
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

/**
 * The whole body, or a rejection past the limit (the request is then destroyed, as before). Read with
 * 'data' events: `for await` over the request built an async iterator and a promise per chunk for
 * every request, on the loop that acknowledges clicks.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        req.destroy();
        reject(new Error(`body over ${BODY_LIMIT_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', reject);
    // A client that hangs up mid-body gets neither 'end' nor 'error'.
    req.once('close', () => {
      if (!req.complete) reject(new Error('request closed before its body was complete'));
    });
  });
}
