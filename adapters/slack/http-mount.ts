import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { readLimitedBody } from '../../src/server/body.js';
import type { HttpServer } from '../../src/server/http.js';
import { ReplayGuard } from './replay-guard.js';

/** Where Slack sends events, slash commands and interactions in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';
/** Bolt's own limit; Slack's largest bodies (a view_submission of a big modal) are far below it. */
export const SLACK_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** The only form of signature Slack sends: version 0, hex HMAC-SHA256. */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;

/**
 * Mounts Bolt's HTTPReceiver on the shared listener. Every signature and timestamp is verified here,
 * once (401 otherwise; the receiver is built with Bolt's own check off, which did the same HMAC over
 * the same body a second time for every request), and a replay guard refuses a correctly signed
 * request seen before, also with 401. The body is read once here and handed to Bolt as `rawBody`,
 * which Bolt reuses instead of reading the stream again.
 *
 * The signature header must be exactly `v0=<64 hex>`: Bolt compares only the first two `=`-separated
 * parts, so `v0=<hex>=x` passed its check while the replay guard saw a header it had never seen. A
 * signed body that is not a JSON object (`payload=null`, `42`, `[]`) gets a 400 here: Bolt reads
 * fields of it before any of its error handling and would crash the process.
 */
export function mountSlackEvents(opts: {
  http: HttpServer;
  receiver: HTTPReceiver;
  signingSecret: string;
  log: Logger;
  guard?: ReplayGuard;
  metrics?: Metrics;
}): void {
  const guard = opts.guard ?? new ReplayGuard();
  const refused = (res: ServerResponse, status: number, reason: string) => {
    opts.metrics?.refusals.inc({ reason });
    res.writeHead(status).end();
  };
  opts.http.route(
    'POST',
    SLACK_EVENTS_PATH,
    async (req, res) => {
      const rawBody = await readLimitedBody(req, res, SLACK_BODY_LIMIT_BYTES);
      if (!rawBody) {
        opts.metrics?.refusals.inc({ reason: 'too_large' });
        opts.log.warn({ limit: SLACK_BODY_LIMIT_BYTES }, 'refused a slack request body over the size limit');
        return;
      }
      const signature = header(req, 'x-slack-signature');
      const timestamp = header(req, 'x-slack-request-timestamp');
      const valid =
        SIGNATURE.test(signature) &&
        TIMESTAMP.test(timestamp) &&
        isValidSlackRequest({
          signingSecret: opts.signingSecret,
          body: rawBody.toString('utf8'),
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
        });
      if (!valid) {
        opts.log.warn({ timestamp }, 'refused a slack request with a bad signature or timestamp');
        refused(res, 401, 'bad_signature');
        return;
      }
      // Keyed on the verified signature (the whole header, which is nothing else now).
      if (!guard.admit(signature, Number(timestamp))) {
        opts.log.warn({ timestamp }, 'refused a replayed slack request');
        refused(res, 401, 'replay');
        return;
      }
      if (!bodyIsObject(rawBody, req.headers['content-type'])) {
        opts.log.warn('refused a signed slack request whose body is not a JSON object');
        refused(res, 400, 'malformed');
        return;
      }
      Object.assign(req, { rawBody });
      opts.receiver.requestListener(req, res);
    },
    'slack',
  );
}

/**
 * Whether Bolt will read the body as an object: it parses `application/x-www-form-urlencoded` as a
 * query string whose `payload` field, when there is one, is JSON, and anything else as JSON. JSON
 * that starts with `{` is an object or a syntax error, which Bolt itself answers with 400.
 */
function bodyIsObject(raw: Buffer, contentType: string | undefined): boolean {
  const text = raw.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded') {
    const { payload } = parseQuery(text);
    return typeof payload !== 'string' || payload.trimStart().startsWith('{');
  }
  return text.trimStart().startsWith('{');
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
