import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What an operator can see happen, as Prometheus metrics (`GET /metrics`). One registry per running
 * golive (tests start many in one process), with Node's process metrics and event-loop lag beside
 * golive's own. Counters are named for what a person would ask: how many requests, how many refused
 * and why, how many decisions, how deliveries and reminders fare.
 *
 * A delivery running on its own thread (adapters/delivery-worker) has a registry of its own that this
 * endpoint does not read: the outbox figures then come from the main thread's view of the store.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Requests answered on the listener, by surface (`slack`, `feishu`, `api`, `board`, `ops`) and HTTP status. */
  readonly requests: Counter<'surface' | 'status'>;
  /** Requests and commands refused, by reason (`bad_signature`, `replay`, `malformed`, a refusal code …). */
  readonly refusals: Counter<'reason'>;
  /** Decisions committed, by what they were (`approve`, `reject`, an action id, `timer:remind` …). */
  readonly decisions: Counter<'what'>;
  /** Messages waiting in the outbox (not yet sent, not given up), as last counted. */
  readonly outboxDepth: Gauge;
  /** Failed sends that will be tried again, by platform. */
  readonly outboxRetries: Counter<'platform'>;
  /** Messages given up after their ten minutes of tries, by platform. */
  readonly outboxGiveUps: Counter<'platform'>;
  /** Webhook deliveries, by webhook (its config id) and outcome: `delivered`, `retried`, `given_up`. */
  readonly webhookDeliveries: Counter<'hook' | 'outcome'>;
  /** How late a timer (reminder, escalation, auto-action) ran after it was due, in seconds. */
  readonly timerLateness: Histogram;
  /** Timer runs refused as stale: a second run of the same job, or one for a stage already left. */
  readonly staleTimerRuns: Counter;
  /** Errors nobody expected (an unhandled rejection, a handler that threw), by where they surfaced. */
  readonly unexpectedErrors: Counter<'source'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'golive' });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'golive_requests_total',
      help: 'HTTP requests answered, by surface and status code',
      labelNames: ['surface', 'status'],
      registers,
    }),
    refusals: new Counter({
      name: 'golive_refusals_total',
      help: 'Requests and commands refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
    decisions: new Counter({
      name: 'golive_decisions_total',
      help: 'Decisions committed to a release, by what was decided',
      labelNames: ['what'],
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'golive_outbox_depth',
      help: 'Messages waiting to be sent, as last counted',
      registers,
    }),
    outboxRetries: new Counter({
      name: 'golive_outbox_retries_total',
      help: 'Failed sends that will be tried again, by platform',
      labelNames: ['platform'],
      registers,
    }),
    outboxGiveUps: new Counter({
      name: 'golive_outbox_give_ups_total',
      help: 'Messages given up after their tries, by platform',
      labelNames: ['platform'],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'golive_webhook_deliveries_total',
      help: 'Webhook deliveries, by webhook and outcome (delivered, retried, given_up)',
      labelNames: ['hook', 'outcome'],
      registers,
    }),
    timerLateness: new Histogram({
      name: 'golive_timer_lateness_seconds',
      help: 'How late a timer ran after it was due',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    }),
    staleTimerRuns: new Counter({
      name: 'golive_timer_stale_runs_total',
      help: 'Timer runs refused as stale (run twice, or for a stage already left)',
      registers,
    }),
    unexpectedErrors: new Counter({
      name: 'golive_unexpected_errors_total',
      help: 'Unexpected errors, by where they surfaced',
      labelNames: ['source'],
      registers,
    }),
  };
}
