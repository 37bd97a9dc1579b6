import { Agent, request } from 'node:http';

/** One request to send: a body and its headers (already signed). */
export type MakeRequest = (i: number) => { body: string; headers: Record<string, string> };

export interface LoadResult {
  requests: number;
  errors: number;
  /** Non-2xx answers, by status. */
  statuses: Record<number, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) : 0;

/**
 * A small closed-loop load generator: `clients` keep-alive connections to 127.0.0.1, each sending
 * its next request as soon as the previous answer arrives, for `seconds` or until `maxRequests`.
 * Latency is from the request's start to the full answer (what Slack waits for). The connections are
 * opened before the clock starts: opened lazily, the last clients' first requests waited seconds
 * behind the running ones (up to 4.7 s for golive and 2 s for the bare app at 50 clients), so p99
 * measured TCP set-up under saturation rather than answers.
 */
export async function runLoad(opts: {
  port: number;
  path: string;
  clients: number;
  seconds: number;
  maxRequests?: number;
  make: MakeRequest;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  await openConnections(agent, opts.port, opts.clients);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const max = opts.maxRequests ?? Number.POSITIVE_INFINITY;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = opts.make(i);
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: opts.port,
          path: opts.path,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) statuses[status] = (statuses[status] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < until && sent < max) await one(sent++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds,
    perSecond: latencies.length / seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
  };
}

/** One untimed GET per client at once, so the agent holds `clients` open keep-alive sockets. */
async function openConnections(agent: Agent, port: number, clients: number): Promise<void> {
  const get = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => resolve());
      req.end();
    });
  await Promise.all(Array.from({ length: clients }, get));
}
