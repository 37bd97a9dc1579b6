import type { WebhookSpec } from '../../src/config/webhook-schema.js';
import type { WebhookDelivery, WebhookPoster } from '../../src/webhooks/port.js';
import { signWebhook } from '../../src/webhooks/sign.js';

/** How long a receiver may take to answer before the try counts as failed (and is retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * A failed post. Its message names the webhook by its config id and says what went wrong — never the
 * URL (it may carry a token) nor the secret — so it can be logged as it is.
 */
export class WebhookPostFailed extends Error {
  override name = 'WebhookPostFailed';
}

export interface HttpWebhookPosterOptions {
  /** Each webhook's signing secret, by its id (src/webhooks/secrets.ts reads them at start). */
  secrets: ReadonlyMap<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Posts webhook deliveries over HTTP(S): the JSON body with `X-Golive-Event`, `X-Golive-Delivery`,
 * `X-Golive-Timestamp` and `X-Golive-Signature` (src/webhooks/sign.ts). A 2xx answer delivers it;
 * any other answer, a timeout or a network error fails the try, and the outbox retries it.
 */
export function createHttpWebhookPoster(opts: HttpWebhookPosterOptions): WebhookPoster {
  const send = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    async post(hook: WebhookSpec, d: WebhookDelivery) {
      const secret = opts.secrets.get(hook.id);
      if (!secret)
        throw new WebhookPostFailed(`webhook ${hook.id}: no secret (${hook.secretEnv} is not set)`);
      let res: Response;
      try {
        res = await send(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'golive-webhooks/1',
            'x-golive-event': d.event,
            'x-golive-delivery': d.id,
            'x-golive-timestamp': String(d.timestampS),
            'x-golive-signature': signWebhook(secret, d.timestampS, d.body),
          },
          body: d.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        throw new WebhookPostFailed(`webhook ${hook.id}: not reached (${cause})`);
      }
      // The answer's body is not needed; reading it frees the connection for the next delivery.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new WebhookPostFailed(`webhook ${hook.id}: answered ${res.status}`);
    },
  };
}
