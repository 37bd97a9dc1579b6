import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhooks/events.js';

/**
 * A webhook of a team (`teams[].webhooks`): golive POSTs the events it lists, for the team's releases,
 * to `url`, signed with the secret in the environment variable `secretEnv` names — the secret itself is
 * never in the config (nor in a log). See docs/pipeline.md, "Webhooks".
 */
export const webhookSchema = z
  .object({
    /** Names the webhook in logs, metrics and the release's trail; unique in the config. */
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case id such as "ci-pay"'),
    url: z
      .string()
      .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'expected an http(s) URL'),
    events: z
      .array(
        z.enum(WEBHOOK_EVENTS, {
          error: (issue) =>
            `unknown event ${JSON.stringify(issue.input)}: expected one of ${WEBHOOK_EVENTS.join(', ')}`,
        }),
      )
      .min(1, `name at least one event: ${WEBHOOK_EVENTS.join(', ')}`),
    secretEnv: z
      .string()
      .regex(
        /^[A-Z][A-Z0-9_]*$/,
        'expected the name of an environment variable holding the secret, such as GOLIVE_WEBHOOK_SECRET_CI',
      ),
  })
  .strict();
export type WebhookSpec = z.infer<typeof webhookSchema>;
