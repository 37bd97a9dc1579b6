import type { GoliveEnv } from '../../src/config/env.js';
import type { GoliveConfig } from '../../src/config/schema.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import type { SlackEnv } from '../slack/env.js';

/** What the delivery thread is started with (structured-cloned into it). */
export interface DeliveryThreadData {
  /** Names the store (MONGODB_URI / DATA_DIR) the thread opens its own connection to. */
  env: GoliveEnv;
  /** The Slack settings its own Web API client is built from. */
  slack: SlackEnv;
  config: GoliveConfig;
  flows: readonly FlowSpec[];
  /** Names this thread in outbox claims. */
  instanceId: string;
  leaseMs: number;
  logLevel: string;
  /** Each webhook's signing secret, by its id, as the main thread read them at start. */
  webhookSecrets: Map<string, string>;
}

/** Main thread → delivery thread. */
export type ToThread =
  | { kind: 'start'; intervalMs: number }
  /** Deliver what is pending; answered with `delivered` and the same id once that round is over. */
  | { kind: 'kick'; id: number }
  /** Finish the round under way, close the store connection, end. */
  | { kind: 'stop' }
  /** One HTTP request (a response_url answer), sent from the thread; answered with `fetched`. */
  | {
      kind: 'fetch';
      id: number;
      url: string;
      method: string;
      headers: Record<string, string>;
      body?: string;
    };

/** Delivery thread → main thread. */
export type FromThread =
  | { kind: 'delivered'; id: number }
  | {
      kind: 'fetched';
      id: number;
      status: number;
      statusText: string;
      headers: [string, string][];
      body: string;
    }
  | { kind: 'fetch_failed'; id: number; message: string }
  /** One pino line, logged again by the main thread's logger (tests and operators read one log). */
  | { kind: 'log'; line: string };
