import { z } from 'zod';
import { textSchema } from '../i18n/text.js';

/**
 * The zod schema of a flow file in `flows/`. A flow is data: the engine interprets it, so teams
 * can add or change flows without touching code. Cross-references (stage targets, roles of
 * form fields) are checked by `checkFlowReferences` after this shape check.
 */

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower_snake_case id');

/** A role names who acts: `requester`, a role filled by a form field, or a role from the config. */
export const roleSchema = id;

/** Section of `shared/reference/process-specs.en.md` a stage is traced to, e.g. `A1.3` or `B; G.9`. */
const sourceSchema = z
  .string()
  .regex(
    /^[A-G](\d+)?(\.\d+)?([–-]\S+)?(;\s*[A-G](\d+)?(\.\d+)?([–-]\S+)?)*$/,
    'expected a section of process-specs.en.md such as "A1.3" or "B; G.9"',
  );

export const FIELD_TYPES = [
  'text',
  'textarea',
  'select',
  'person',
  'people',
  'datetime',
  'number',
  'url',
  'urls',
  'lines',
] as const;

export const fieldSchema = z
  .object({
    id,
    type: z.enum(FIELD_TYPES),
    label: textSchema,
    hint: textSchema.optional(),
    required: z.boolean().default(false),
    /** For person/people fields: the role the chosen people fill on this release. */
    role: roleSchema.optional(),
    /** For select fields. */
    options: z.array(z.object({ value: id, label: textSchema }).strict()).optional(),
    maxLength: z.number().int().positive().max(3000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    default: z.union([z.string(), z.number()]).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'select' && !f.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    if ((f.type === 'person' || f.type === 'people') && !f.role)
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'a person field must name the role it fills' });
  });
export type FieldSpec = z.infer<typeof fieldSchema>;

/** How long until a timer fires. `workingHours` counts only the team's working hours. */
const delaySchema = z
  .object({
    workingHours: z.number().positive().optional(),
    hours: z.number().positive().optional(),
    days: z.number().positive().optional(),
    /** Days read from a form field of the release (e.g. observation days), `days` as fallback. */
    daysField: id.optional(),
    /** An absolute time read from a datetime field of the release (e.g. activity end). */
    atField: id.optional(),
  })
  .strict()
  .refine(
    (d) => Object.values(d).filter((v) => v !== undefined).length >= 1,
    'a delay needs one of workingHours, hours, days, daysField, atField',
  );

export const TIMER_KINDS = [
  'remind',
  'escalate',
  'timeout',
  'verify_prompt',
  'observation_end',
  'activity_end',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

export const timerSchema = z
  .object({
    id,
    kind: z.enum(TIMER_KINDS),
    after: delaySchema,
    /** Fire again every `after` until the stage is left (reminders). */
    repeat: z.boolean().default(false),
    /** Who is told when it fires; default: whoever the stage awaits. */
    notify: z.array(roleSchema).optional(),
    /** An action of this stage taken by the system when it fires (auto-action on timeout). */
    action: id.optional(),
  })
  .strict();
export type TimerSpec = z.infer<typeof timerSchema>;

export const actionSchema = z
  .object({
    id,
    label: textSchema,
    by: z.array(roleSchema).min(1),
    /** Stage entered afterwards; absent keeps the stage (a recorded step). */
    to: id.optional(),
    style: z.enum(['primary', 'danger', 'default']).default('default'),
    /** A confirm dialog before the click counts (mis-taps on phones). */
    confirm: textSchema.optional(),
    /** Fields the actor fills when taking the action (reason, ZenTao links, report). */
    input: z.array(fieldSchema).default([]),
    /** Name of the loop counter this action increments (smoke, bugs, production). */
    loop: id.optional(),
    /** Input values are appended to the release's record of this name (bugs, known_issues, test_report). */
    record: id.optional(),
    /** The action is the launch: refused in a freeze window unless the flow may bypass it. */
    launch: z.boolean().default(false),
    /**
     * For the launch: only a pipeline may report it (POST /api/v1/releases/{id}/deployments); people get no
     * button for it.
     */
    pipelineOnly: z.boolean().default(false),
    /** For the launch: the stage a failed or rolled-back deployment sends the release back to ("launch failed"). */
    failedTo: id.optional(),
    /** Announce to the channel and the announcement channel after it. */
    announce: z.enum(['launch', 'done']).optional(),
    /** Only configured executives may take it (e.g. ship with known issues). */
    executiveOnly: z.boolean().default(false),
    /** The stage's checklist must be complete first. */
    requiresChecklist: z.boolean().default(false),
  })
  .strict();
export type ActionSpec = z.infer<typeof actionSchema>;

export const gateSchema = z
  .object({
    approvers: z.array(roleSchema).min(1),
    /** all = 会签 (every named approver), any = 或签, n = that many, one_per_role = one from each role. */
    rule: z.union([
      z.enum(['all', 'any', 'one_per_role']),
      z.object({ n: z.number().int().min(1) }).strict(),
    ]),
    /** Approvers decide one after another, in the order of `approvers`. */
    sequential: z.boolean().default(false),
    /** Only configured executives may pass it (emergency approval). */
    executiveOnly: z.boolean().default(false),
    onApprove: id,
    onReject: id,
  })
  .strict();
export type GateSpec = z.infer<typeof gateSchema>;

export const checklistSchema = z
  .object({
    /** Items must be ticked in order (a run-book), rather than in any order. */
    ordered: z.boolean().default(false),
    items: z
      .array(z.object({ id, label: textSchema, owner: roleSchema, source: sourceSchema.optional() }).strict())
      .min(1),
  })
  .strict();
export type ChecklistSpec = z.infer<typeof checklistSchema>;

export const stageSchema = z
  .object({
    id,
    source: sourceSchema,
    title: textSchema,
    /** Roles that act in the stage; what `/release list` shows as awaiting them. */
    actors: z.array(roleSchema).default([]),
    /** Roles told when the stage is entered. */
    notify: z.array(roleSchema).default([]),
    actions: z.array(actionSchema).default([]),
    gate: gateSchema.optional(),
    checklist: checklistSchema.optional(),
    timers: z.array(timerSchema).default([]),
    /** The release ends here with this outcome. */
    terminal: z.enum(['done', 'rejected']).optional(),
  })
  .strict();
export type StageSpec = z.infer<typeof stageSchema>;

export const flowSchema = z
  .object({
    id,
    version: z.number().int().min(1),
    /** Position in the flow choice of `/release new` (lower first). */
    order: z.number().int().default(100),
    source: sourceSchema,
    title: textSchema,
    description: textSchema,
    /** Fields of the `/release new` form, after the flow choice. */
    form: z.array(fieldSchema).min(1),
    /** Whether a requester may pass a gate of their own release. */
    requesterMayApprove: z.boolean().default(false),
    /**
     * Whether one person may fill two approver roles of one gate (director and tester). Separation of
     * duties: `refused` unless the flow says otherwise; every shipped flow leaves it refused.
     */
    sameApproverForRoles: z.enum(['refused', 'allowed']).default('refused'),
    /** An emergency flow: its launch may bypass a freeze window (the bypass is recorded). */
    emergency: z.boolean().default(false),
    start: id,
    stages: z.array(stageSchema).min(2),
  })
  .strict();
export type FlowSpec = z.infer<typeof flowSchema>;
export type FlowFile = z.input<typeof flowSchema>;
