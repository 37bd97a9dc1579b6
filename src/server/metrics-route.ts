import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metrics } from '../observability/metrics.js';
import type { RouteHandler } from './http.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` in Prometheus' text format. With a token, only `Authorization: Bearer <token>` is
 * answered (401 otherwise); the comparison is of digests, in constant time.
 */
export function serveMetrics(metrics: Metrics, token?: string): RouteHandler {
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  return async (req, res) => {
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
  };
}
