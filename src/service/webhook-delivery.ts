import type { Effect } from '../domain/types.js';
import type { WebhookPayload } from '../webhooks/payload.js';
import type { DeliveryDeps } from './deps.js';

/**
 * Posts one webhook entry of the outbox: the payload the engine made, with the release's links (golive's
 * public address is the composition root's), through the poster. A webhook no longer in the config is
 * not posted (it was removed on purpose); one still there is posted to its URL as configured now.
 */
export async function deliverWebhook(
  deps: DeliveryDeps,
  effect: Extract<Effect, { type: 'webhook' }>,
): Promise<void> {
  const hook = deps.config.teams.flatMap((t) => t.webhooks).find((h) => h.id === effect.hook);
  if (!hook)
    return deps.log.warn(
      { hook: effect.hook, event: effect.payload.id },
      'webhook is no longer in the config: its event is not posted',
    );
  if (!deps.webhooks) throw new Error('no webhook poster is attached to this delivery');
  const id = effect.payload.release.id;
  const payload: WebhookPayload = {
    ...effect.payload,
    release: {
      ...effect.payload.release,
      links: {
        board: `${deps.boardUrl}/board/releases/${id}`,
        api: `${deps.boardUrl}/api/v1/releases/${id}`,
      },
    },
  };
  await deps.webhooks.post(hook, {
    id: payload.id,
    event: payload.event,
    body: JSON.stringify(payload),
    timestampS: Math.floor(deps.now().getTime() / 1000),
  });
  deps.metrics.webhookDeliveries.inc({ hook: hook.id, outcome: 'delivered' });
}
