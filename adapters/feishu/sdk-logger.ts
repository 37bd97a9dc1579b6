import type { Logger } from '../../src/log.js';
import { scrubTokens } from '../../src/log-errors.js';

/**
 * The SDK's logger interface, routed into pino. The SDK logs whole request configs on errors
 * (the token request carries `app_secret`), so its messages are flattened to text and scrubbed
 * before they reach the log.
 */
export interface SdkLogger {
  error: (...msg: unknown[]) => void;
  warn: (...msg: unknown[]) => void;
  info: (...msg: unknown[]) => void;
  debug: (...msg: unknown[]) => void;
  trace: (...msg: unknown[]) => void;
}

// A secret key name, then its value — also inside JSON that was stringified again (\").
const SECRET_VALUE =
  /((?:app_secret|appSecret|tenant_access_token|app_access_token|encrypt_key|encryptKey|secret|token)\\*"?\s*[:=]\s*\\*"?)[^"\\,}\s]+/gi;

export function scrub(text: string): string {
  return text.replace(SECRET_VALUE, '$1[redacted]').replace(/Bearer\s+[\w.-]+/gi, 'Bearer [redacted]');
}

/**
 * The SDK logs a failed call as `[{message, config: {data, url, …}, request, response: {data, status}},
 * data]`, the request body (a whole card, escaped) included: about 9 KB for one rate limit. Such an
 * entry is cut down to the call, its status and Feishu's code and message.
 */
function summarize(m: unknown): unknown {
  if (Array.isArray(m)) return m.map(summarize);
  if (!m || typeof m !== 'object') return m;
  const e = m as { message?: unknown; config?: unknown; response?: unknown };
  if (!('config' in e) && !('response' in e)) return m;
  const config = (e.config ?? {}) as { method?: unknown; url?: unknown };
  const response = (e.response ?? {}) as { status?: unknown; data?: unknown };
  const data = (response.data ?? {}) as { code?: unknown; msg?: unknown };
  return {
    message: e.message,
    call: `${String(config.method ?? '')} ${String(config.url ?? '').split('?')[0]}`.trim(),
    status: response.status,
    code: data.code,
    msg: data.msg,
  };
}

const MAX_LINE = 1000;

function flatten(msg: unknown[]): string {
  const text = msg
    .map((m) => {
      if (typeof m === 'string') return m;
      if (m instanceof Error) return m.message;
      try {
        return JSON.stringify(summarize(m));
      } catch {
        return String(m);
      }
    })
    .join(' ');
  return scrubTokens(scrub(text)).slice(0, MAX_LINE);
}

export function sdkLogger(log: Logger): SdkLogger {
  const child = log.child({ component: 'lark-sdk' });
  return {
    // golive reports every failed call itself (with status and code): the SDK's own line is a detail.
    error: (...m) => child.warn(flatten(m)),
    warn: (...m) => child.warn(flatten(m)),
    info: (...m) => child.info(flatten(m)),
    debug: (...m) => child.debug(flatten(m)),
    trace: (...m) => child.trace(flatten(m)),
  };
}
