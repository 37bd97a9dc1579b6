import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a webhook delivery (lower-case, as Node's HTTP server hands them over). */
export const WEBHOOK_HEADERS = {
  event: 'x-golive-event',
  delivery: 'x-golive-delivery',
  timestamp: 'x-golive-timestamp',
  signature: 'x-golive-signature',
} as const;

/** How far a delivery's timestamp may be from the receiver's clock before it is refused as a replay, in seconds. */
export const WEBHOOK_TOLERANCE_S = 300;

/**
 * The signature of a delivery, as `X-Golive-Signature` carries it: `v1=` and the hex HMAC-SHA256, keyed
 * with the webhook's secret, of `v1:<timestamp>:<body>` (timestamp: Unix seconds, as in
 * `X-Golive-Timestamp`; body: the exact bytes posted). The version prefix leaves room for another scheme.
 */
export function signWebhook(secret: string, timestampS: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`v1:${timestampS}:${body}`).digest('hex')}`;
}

/**
 * What a receiver checks (golive's own tests use it): the signature matches, compared in constant time,
 * and the timestamp is within `toleranceS` of `nowS`.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowS: number,
  toleranceS = WEBHOOK_TOLERANCE_S,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowS - ts) > toleranceS) return false;
  const want = Buffer.from(signWebhook(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
