/**
 * What of an error reaches a log line. HTTP client errors (axios, which the Feishu SDK uses; the Slack
 * SDK's) carry the whole request — headers with `Authorization: Bearer t-…`, the body, the config —
 * and a rate-limited card update dumped all of it, the tenant token twice. Logged errors keep their
 * type, message, stack, code and the HTTP status and platform code/message of a failed call, and
 * nothing else; every string is scrubbed of anything shaped like a token.
 */

/** Token shapes: bearer credentials, Slack tokens (xoxb-, xoxp-, xapp-, …), Feishu tenant/app/user tokens. */
const TOKENS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]'],
  [/\bx(ox[abeoprs]|app)-[\w-]+/g, 'x$1-[redacted]'],
  [/\b([tua])-[\w-]{16,}/g, '$1-[redacted]'],
];

export function scrubTokens(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TOKENS) out = out.replace(pattern, replacement);
  return out;
}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null;
const text = (v: unknown, max = 500) => (typeof v === 'string' ? scrubTokens(v).slice(0, max) : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** A failed call's platform answer: Feishu's `{code, msg}`, Slack's `{error}`; nothing else of the body. */
function platformAnswer(data: unknown): Fields | undefined {
  if (!isObject(data)) return typeof data === 'string' ? { body: text(data, 200) } : undefined;
  const answer: Fields = {};
  if (num(data.code) !== undefined) answer.code = data.code;
  if (text(data.msg)) answer.msg = text(data.msg);
  if (text(data.error)) answer.error = text(data.error);
  if (isObject(data.error)) Object.assign(answer, platformAnswer(data.error));
  return Object.keys(answer).length ? answer : undefined;
}

/** The pino serializer of `err` (and of any error object logged under that key). */
export function safeError(err: unknown, depth = 0): unknown {
  if (!isObject(err)) return typeof err === 'string' ? scrubTokens(err) : err;
  const out: Fields = {};
  const type = err instanceof Error ? err.constructor.name : undefined;
  if (type) out.type = type;
  if (text(err.message, 2000) !== undefined) out.message = text(err.message, 2000);
  if (text(err.code, 100) !== undefined || num(err.code) !== undefined)
    out.code = text(err.code, 100) ?? err.code;
  if (text(err.stack, 4000) !== undefined) out.stack = text(err.stack, 4000);
  const response = isObject(err.response) ? err.response : undefined;
  const status = num(response?.status) ?? num(err.statusCode) ?? num(err.status);
  if (status !== undefined) out.status = status;
  const answer = platformAnswer(response?.data ?? err.data);
  if (answer) out.answer = answer;
  if (num(err.retryAfter) !== undefined) out.retryAfter = err.retryAfter;
  const config = isObject(err.config) ? err.config : undefined;
  if (config && text(config.url))
    out.call = `${text(config.method, 10) ?? ''} ${text(config.url)?.split('?')[0]}`.trim();
  if (depth < 3 && err.cause !== undefined) out.cause = safeError(err.cause, depth + 1);
  return out;
}
