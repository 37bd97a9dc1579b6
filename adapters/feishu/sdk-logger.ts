import type { Logger } from '../../src/log.js';

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

function flatten(msg: unknown[]): string {
  const text = msg
    .map((m) => {
      if (typeof m === 'string') return m;
      if (m instanceof Error) return m.message;
      try {
        return JSON.stringify(m);
      } catch {
        return String(m);
      }
    })
    .join(' ');
  return scrub(text).slice(0, 2000);
}

export function sdkLogger(log: Logger): SdkLogger {
  const child = log.child({ component: 'lark-sdk' });
  return {
    error: (...m) => child.error(flatten(m)),
    warn: (...m) => child.warn(flatten(m)),
    info: (...m) => child.info(flatten(m)),
    debug: (...m) => child.debug(flatten(m)),
    trace: (...m) => child.trace(flatten(m)),
  };
}
