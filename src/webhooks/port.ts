import type { WebhookSpec } from '../config/webhook-schema.js';
import type { WebhookEventName } from './events.js';

/** One POST of an event to one webhook, as the outbox hands it over (the same on every try but `timestampS`). */
export interface WebhookDelivery {
  /** The event's stable id (`X-Golive-Delivery`): the receiver de-duplicates retries by it. */
  id: string;
  event: WebhookEventName;
  /** The JSON body, exactly as posted and signed. */
  body: string;
  /** When this try is sent, Unix seconds (`X-Golive-Timestamp`; signed with the body). */
  timestampS: number;
}

/**
 * Where the outbox posts webhook deliveries (adapters/webhooks: HTTP, signed with the secret the
 * webhook's `secretEnv` names, which only the poster holds). Resolves once the receiver answered 2xx;
 * throws otherwise, and the outbox tries again with backoff until it gives up after ten minutes.
 */
export interface WebhookPoster {
  post(hook: WebhookSpec, delivery: WebhookDelivery): Promise<void>;
}
