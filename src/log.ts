import pino from 'pino';

/**
 * The one logger. Secrets never reach it: every key that names a secret is redacted wherever it
 * appears, and adapters log ids, not payload bodies.
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
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
