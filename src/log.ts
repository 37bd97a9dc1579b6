import pino from 'pino';
import { safeError } from './log-errors.js';

/**
 * The one logger. Secrets never reach it: every key that names a secret is redacted wherever it
 * appears, errors are logged without the requests they carry (log-errors.ts), and adapters log ids,
 * not payload bodies.
 */
export const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'appSecret',
  'app_secret',
  'encryptKey',
  'verificationToken',
  'authorization',
  'password',
  'secret',
  'tenant_access_token',
];

export type Logger = pino.Logger;

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { app: 'golive' },
    redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[redacted]' },
    // An error is logged as its type, message, stack, code and a failed call's status and platform
    // answer: never the request an HTTP client error carries (its Authorization header, its body).
    serializers: { err: safeError },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
