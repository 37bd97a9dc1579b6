import { z } from 'zod';

/**
 * The pipeline API's shapes (/api/v1): requests are validated with these, responses are built to
 * them, and the OpenAPI document is generated from them (openapi.ts) — one source for all three.
 */

const text = z
  .object({ 'zh-CN': z.string(), en: z.string() })
  .meta({ description: 'A text in both languages golive speaks.' });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          'unauthorized, forbidden, not_found, invalid_request, missing_idempotency_key, busy, or the refusal code of a refused deployment (e.g. not_deploying, freeze_window)',
      }),
      message: z.string(),
    }),
  })
  .meta({ id: 'Error' });

export const GATE_REASONS = ['no_release', 'not_approved', 'outside_window', 'frozen', 'conflict'] as const;

export const gateReason = z
  .object({
    code: z.enum(GATE_REASONS).meta({
      description:
        'no_release: no open release of that system (and version); not_approved: its sign-off has not passed (or it is past its launch); outside_window: now is outside its planned window; frozen: a freeze window holds now; conflict: another release of the system overlaps its window and the team blocks conflicts',
    }),
    release: z
      .string()
      .nullable()
      .meta({ description: 'The release this reason is about (null for no_release).' }),
    message: text,
    stage: z.string().optional().meta({ description: 'not_approved: the stage the release is at.' }),
    window: z
      .object({ start: z.string(), end: z.string() })
      .optional()
      .meta({ description: 'outside_window: the planned window.' }),
    until: z.string().optional().meta({ description: 'frozen: when the freeze ends.' }),
    releases: z.array(z.string()).optional().meta({ description: 'conflict: the overlapping releases.' }),
  })
  .meta({ id: 'GateReason' });
export type GateReason = z.infer<typeof gateReason>;

export const conflict = z
  .object({
    kind: z.enum(['overlap', 'freeze']),
    release: z.string().optional(),
    title: z.string().optional(),
    start: z.string(),
    end: z.string(),
    reason: text.optional(),
    system: z.string().optional(),
  })
  .meta({ id: 'Conflict' });

export const releaseView = z
  .object({
    id: z.string().meta({ examples: ['REL-12'] }),
    title: z.string(),
    flow: z.object({ id: z.string(), version: z.number().int(), title: text }),
    system: z.string(),
    version: z
      .string()
      .nullable()
      .meta({ description: "The version the release ships (its form's repo_tag or version field)." }),
    status: z.enum(['active', 'done', 'rejected', 'withdrawn', 'cancelled']),
    stage: z.object({ id: z.string(), title: text }),
    requester: z.string(),
    approvals: z.array(
      z.object({
        by: z.string(),
        decision: z.enum(['approved', 'rejected']),
        at: z.string(),
        stage: z.string(),
        comment: z.string().optional(),
      }),
    ),
    window: z.object({ start: z.string().nullable(), end: z.string().nullable() }).nullable(),
    launchedAt: z.string().nullable(),
    launchFailures: z.number().int(),
    conflicts: z.array(conflict),
    gate: z.object({ open: z.boolean(), reasons: z.array(gateReason) }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Release' });
export type ReleaseView = z.infer<typeof releaseView>;

export const gateQuery = z.object({
  system: z.string().min(1).max(60),
  version: z.string().min(1).max(200).optional(),
});

export const gateOpen = z
  .object({ open: z.literal(true), system: z.string(), version: z.string().nullable(), release: releaseView })
  .meta({ id: 'GateOpen' });

export const gateClosed = z
  .object({
    open: z.literal(false),
    system: z.string(),
    version: z.string().nullable(),
    reasons: z.array(gateReason).min(1),
  })
  .meta({ id: 'GateClosed' });

export const DEPLOYMENT_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const;

export const deploymentRequest = z
  .object({
    status: z.enum(DEPLOYMENT_STATUSES),
    version: z.string().max(200).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    notes: z.string().max(2000).optional(),
  })
  .strict()
  .meta({ id: 'DeploymentRequest' });
export type DeploymentRequest = z.infer<typeof deploymentRequest>;

export const deploymentRecorded = z
  .object({
    recorded: z.literal(true),
    replayed: z
      .boolean()
      .meta({ description: 'true when this Idempotency-Key was seen before: nothing new was recorded.' }),
    release: releaseView,
  })
  .meta({ id: 'DeploymentRecorded' });

export const releaseParams = z.object({ id: z.string().regex(/^REL-\d+$/) });
