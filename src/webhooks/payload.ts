import { z } from 'zod';
import { WEBHOOK_EVENTS } from './events.js';

const text = z.object({ 'zh-CN': z.string(), en: z.string() });
const person = z.object({
  id: z.string().meta({
    description: 'The person id of the config (or `platform:userId` for someone it does not list).',
  }),
  name: z.string(),
});

/** The release as the event left it. `links` are added when it is sent (webhook-body.ts). */
const release = z.object({
  id: z.string().meta({ description: 'REL-n' }),
  number: z.number().int(),
  title: z.string(),
  flow: z.object({ id: z.string(), version: z.number().int() }),
  system: z.string(),
  version: z
    .string()
    .nullable()
    .meta({ description: "The version it ships (its form's version or repository tag)." }),
  stage: z.object({ id: z.string(), title: text }),
  status: z.enum(['active', 'done', 'rejected', 'withdrawn', 'cancelled']),
  window: z
    .object({ start: z.string().nullable(), end: z.string().nullable() })
    .nullable()
    .meta({ description: 'The planned launch window (ISO 8601), null when none was given.' }),
  requester: person,
  links: z.object({
    board: z.string().meta({ description: 'The release on the release board.' }),
    api: z.string().meta({ description: 'The release in the pipeline API (GET, with a pipeline token).' }),
  }),
});

/**
 * The body of every webhook delivery: one event of one release. Built when the event happens and kept
 * in the outbox with it, so every try of a delivery posts the same bytes.
 */
export const webhookPayload = z
  .object({
    id: z.string().meta({
      description:
        'The event id, the same on every retry and for every webhook it goes to (also `X-Golive-Delivery`): de-duplicate by it.',
    }),
    event: z.enum(WEBHOOK_EVENTS).meta({ description: 'What happened (also `X-Golive-Event`).' }),
    occurredAt: z.string().meta({ description: 'When it happened, ISO 8601 (UTC).' }),
    team: z.string().nullable().meta({ description: "The id of the release's team." }),
    release,
    actor: person.extend({
      platform: z.enum(['slack', 'feishu', 'local', 'system', 'pipeline']).meta({
        description:
          'Where it was done: a chat, `system` (a timer), or `pipeline` (`id` is `pipeline:<id>`).',
      }),
    }),
    gate: z
      .object({
        stage: z.string().meta({ description: 'The stage whose gate was decided.' }),
        signOff: z.boolean().meta({
          description: 'The sign-off before the launch: when approved, the release may go to production.',
        }),
      })
      .optional()
      .meta({ description: 'approved and rejected: the gate.' }),
    comment: z
      .string()
      .optional()
      .meta({ description: "The reason given (a rejection, a withdrawal) or a failed deployment's notes." }),
    deployment: z
      .object({
        status: z.enum(['started', 'succeeded', 'failed', 'rolled_back']),
        version: z.string().optional(),
        url: z.string().optional(),
        notes: z.string().optional(),
      })
      .optional()
      .meta({ description: 'launched and launch_failed, when a pipeline reported it: its report.' }),
  })
  .meta({ id: 'WebhookEvent', description: 'One event of one release, POSTed to a webhook of its team.' });
export type WebhookPayload = z.infer<typeof webhookPayload>;
/** The payload as the engine makes it, before the links that need golive's public address. */
export type WebhookEventData = Omit<WebhookPayload, 'release'> & {
  release: Omit<WebhookPayload['release'], 'links'>;
};
