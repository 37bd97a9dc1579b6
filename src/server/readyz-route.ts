import type { RouteHandler } from './http.js';
import type { Readiness } from './readiness.js';

/**
 * `GET /readyz`: 200 when the store answered its last check and every platform connection is up,
 * 503 otherwise; the body says which part is not, and what to fix. Answered from the state kept by
 * `Readiness`, so it never waits on the store.
 */
export function serveReadiness(readiness: Readiness): RouteHandler {
  return (_req, res) => {
    const snapshot = readiness.snapshot();
    res
      .writeHead(snapshot.ready ? 200 : 503, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      })
      .end(JSON.stringify(snapshot));
  };
}
