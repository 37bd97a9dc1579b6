import { z } from 'zod';
import * as s from './schemas.js';
// Registers the webhook payload's schema (WebhookEvent) for the document's components.
import '../webhooks/payload.js';

/** The named shapes of the pipeline API, as the document's components. */
const NAMED = [
  'Error',
  'GateReason',
  'Conflict',
  'Release',
  'GateOpen',
  'GateClosed',
  'DeploymentRequest',
  'DeploymentRecorded',
  'WebhookEvent',
] as const;

type JsonSchema = Record<string, unknown>;

/** A zod schema as an OpenAPI 3.1 schema (JSON Schema 2020-12). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
  return rest;
}

function components(): Record<string, JsonSchema> {
  const all = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas as Record<string, JsonSchema>;
  const out: Record<string, JsonSchema> = {};
  for (const id of NAMED) {
    const { $schema: _, $id: __, ...rest } = all[id] ?? {};
    out[id] = rest;
  }
  return out;
}

const ref = (id: (typeof NAMED)[number]) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: (typeof NAMED)[number], description: string) => ({
  description,
  content: { 'application/json': { schema: ref(id) } },
});
const errors = {
  '401': json('Error', 'No token, or not one of the configured pipelines.'),
  '403': json('Error', "The token may not touch this release's system."),
};

/** Query parameters from a zod object: one per key, required unless optional. */
function queryParams(schema: z.ZodObject): Record<string, unknown>[] {
  const shape = schemaOf(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(shape.properties).map(([name, p]) => ({
    name,
    in: 'query',
    required: shape.required?.includes(name) ?? false,
    schema: p,
  }));
}

/** The headers every webhook delivery carries (src/webhooks/sign.ts). */
function webhookHeaders(): Record<string, unknown>[] {
  const header = (name: string, description: string, pattern?: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string', ...(pattern ? { pattern } : {}) },
  });
  return [
    header('X-Golive-Event', 'The event name, as in the body.'),
    header('X-Golive-Delivery', 'The event id, as in the body: the same on every retry.'),
    header('X-Golive-Timestamp', 'When this try was sent, Unix seconds.', '^\\d+$'),
    header(
      'X-Golive-Signature',
      'v1= and the hex HMAC-SHA256 of v1:<timestamp>:<body>.',
      '^v1=[0-9a-f]{64}$',
    ),
  ];
}

/** The OpenAPI 3.1 document of /api/v1, generated from the schemas that validate and build its messages. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'golive pipeline API',
      version: '1',
      description:
        'Ask golive whether a release is approved for production (the gate) and report deployments back. Authenticate with `Authorization: Bearer <token>`; golive keeps only the SHA-256 of each token, with the systems it may touch.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/releases/{id}': {
        get: {
          operationId: 'getRelease',
          summary: 'A release: flow, stage, status, approvals, planned window, gate state',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^REL-\\d+$' } },
          ],
          responses: {
            '200': json('Release', 'The release.'),
            ...errors,
            '404': json('Error', 'No such release.'),
          },
        },
      },
      '/api/v1/gate': {
        get: {
          operationId: 'gate',
          summary: 'Whether a release of this system (and version) is approved for production now',
          parameters: queryParams(s.gateQuery),
          responses: {
            '200': json('GateOpen', 'Approved now: deploy. The approving release is included.'),
            '409': json('GateClosed', 'Not now; `reasons` say why (codes are stable).'),
            '400': json('Error', 'system missing or too long.'),
            ...errors,
          },
        },
      },
      '/api/v1/releases/{id}/deployments': {
        post: {
          operationId: 'reportDeployment',
          summary:
            'Report a deployment: started, succeeded (completes the launch), failed or rolled_back (launch failed)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^REL-\\d+$' } },
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description: 'Unique per report; a repeat with the same key records nothing new.',
              schema: { type: 'string', minLength: 1, maxLength: 200 },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('DeploymentRequest') } },
          },
          responses: {
            '200': json('DeploymentRecorded', 'Recorded (or a repeat of a recorded report: `replayed`).'),
            '400': json('Error', 'The body or the Idempotency-Key header is missing or invalid.'),
            ...errors,
            '404': json('Error', 'No such release.'),
            '409': json('Error', 'Refused: the release is not at its launch, the launch is frozen, …'),
          },
        },
      },
    },
    webhooks: {
      releaseEvent: {
        post: {
          operationId: 'releaseEvent',
          summary: "An event of a release, POSTed to each of its team's webhooks that asked for it",
          description:
            'Signed: `X-Golive-Signature` is `v1=` and the hex HMAC-SHA256, keyed with the webhook\'s secret, of `v1:<X-Golive-Timestamp>:<body>`. Refuse a timestamp more than five minutes from your clock. Retried with backoff for ten minutes until answered 2xx; de-duplicate by `X-Golive-Delivery` (the event id). See docs/pipeline.md, "Webhooks".',
          parameters: webhookHeaders(),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('WebhookEvent') } },
          },
          responses: {
            '2XX': { description: 'Delivered. Any other answer (or none within 10 s) is tried again later.' },
          },
        },
      },
    },
    components: {
      schemas: components(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
