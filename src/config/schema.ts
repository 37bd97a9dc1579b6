import { z } from 'zod';
import { holidayCalendarSchema, readHolidayCalendar } from '../calendar/holidays.js';
import { localeSchema, textSchema } from '../i18n/text.js';
import { webhookSchema } from './webhook-schema.js';

/** Platforms a person can be reached on. `local` is the terminal adapter. */
export const PLATFORMS = ['slack', 'feishu', 'local'] as const;
export type PlatformId = (typeof PLATFORMS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const personSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'expected a lower-case id such as "alice"'),
    name: z.string().min(1),
    /** Roles from the config: director, tester, executive, ops, admin, … */
    roles: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]),
    locale: localeSchema.optional(),
    slack: z.string().optional(),
    feishu: z.string().optional(),
    /** Who approves in this person's place when they raise a release they would approve (`approverIsRequester: deputy`). */
    deputy: z.string().optional(),
  })
  .strict();
export type Person = z.infer<typeof personSchema>;

export const workingHoursSchema = z
  .object({
    start: hhmm.default('09:00'),
    end: hhmm.default('18:00'),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  })
  .strict()
  .refine((w) => w.start < w.end, 'working hours must start before they end');
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const freezeWindowSchema = z
  .object({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    reason: textSchema,
  })
  .strict()
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), 'a freeze window must start before it ends');
export type FreezeWindow = z.infer<typeof freezeWindowSchema>;

/**
 * A system releases are made of (the form's "system" is a choice among them). Owners are people ids; a
 * system's own freeze windows hold for its releases only, besides the global ones.
 */
export const systemSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected a lower-case id such as "pay"')
      .max(60),
    name: textSchema,
    owners: z.array(z.string()).default([]),
    freezeWindows: z.array(freezeWindowSchema).default([]),
  })
  .strict();
export type SystemSpec = z.infer<typeof systemSchema>;

/** What the config keeps of a token: its SHA-256, never the token (`echo -n "$token" | sha256sum`). */
const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the token, 64 lower-case hex digits');

/**
 * A CI/CD pipeline that may call the pipeline API (/api/v1). Only the SHA-256 of its bearer token is
 * kept (hex); `systems` are the systems whose releases it may read, gate and report on (`*`: every one).
 */
export const pipelineSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case id such as "github-pay"'),
    tokenSha256: sha256Hex,
    systems: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type PipelineSpec = z.infer<typeof pipelineSchema>;

/** A team: who belongs to it. On the release board, people see their teams' releases; admins see all. */
export const teamSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case id such as "payments"'),
    name: textSchema,
    /** Person ids from `people`; a person may be in several teams. A release belongs to its requester's first. */
    members: z.array(z.string()).default([]),
    /** SHA-256 (hex) of the read-only token of the team's iCal feed, `/calendar.ics?token=…` (optional). */
    calendarTokenSha256: sha256Hex.optional(),
    /** Where the team's release events are posted (webhook-schema.ts). */
    webhooks: z.array(webhookSchema).default([]),
  })
  .strict();
export type Team = z.infer<typeof teamSchema>;

/**
 * What happens when a gate would draw the requester from the config as one of its approvers (the
 * only executive raises an emergency): `refuse` the release (default), let the role's `other_holder`s
 * decide without them, or hand their place to their configured `deputy`. The choice is recorded.
 */
export const APPROVER_IS_REQUESTER = ['refuse', 'other_holder', 'deputy'] as const;
export type ApproverIsRequester = (typeof APPROVER_IS_REQUESTER)[number];

export const configSchema = z
  .object({
    timezone: z.string().default('Asia/Shanghai'),
    workingHours: workingHoursSchema.default({ start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] }),
    /**
     * Public holidays and make-up working days that working hours skip and count: a shipped calendar by
     * name (`cn-2026`), a path to a file of one's own, or the calendar itself. Absent: weekdays only.
     */
    holidays: z
      .union([z.string().min(1), holidayCalendarSchema])
      .transform((v, ctx) => {
        if (typeof v !== 'string') return v;
        try {
          return readHolidayCalendar(v);
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            message: `cannot read the holiday calendar "${v}": ${(err as Error).message.split('\n')[0]}`,
          });
          return z.NEVER;
        }
      })
      .optional(),
    locale: localeSchema.default('zh-CN'),
    people: z.array(personSchema).default([]),
    freezeWindows: z.array(freezeWindowSchema).default([]),
    approverIsRequester: z.enum(APPROVER_IS_REQUESTER).default('refuse'),
    /** Systems (optional). With none, the form's "system" is free text. */
    systems: z.array(systemSchema).default([]),
    /**
     * What a conflict (another release of the system in an overlapping window, or a window inside a freeze)
     * does at creation and at the launch application: `warn` shows it, `block` refuses.
     */
    conflictPolicy: z.enum(['warn', 'block']).default('warn'),
    /** Pipelines that may use the pipeline API (optional). With none, /api/v1 answers 401 to everyone. */
    pipelines: z.array(pipelineSchema).default([]),
    /**
     * SHA-256 (hex) of the read-only token of an iCal feed of every release (`/calendar.ics?token=…`), for
     * a config without teams or a feed of the whole company; each team may have its own (optional).
     */
    calendarTokenSha256: sha256Hex.optional(),
    /** Teams (optional). With none, everyone signed in to the release board sees every release. */
    teams: z.array(teamSchema).default([]),
    /** Channel (Slack) or chat (Feishu) where every launch is announced, besides the release's own. */
    announce: z
      .object({ slack: z.string().optional(), feishu: z.string().optional(), local: z.string().optional() })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: c.timezone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone "${c.timezone}"` });
    }
    const ids = new Set<string>();
    for (const [i, p] of c.people.entries()) {
      if (ids.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `"${p.id}" twice` });
      ids.add(p.id);
    }
    for (const [i, p] of c.people.entries()) {
      if (p.deputy === undefined) continue;
      if (!ids.has(p.deputy))
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, 'deputy'],
          message: `"${p.deputy}" is not one of the people`,
        });
      else if (p.deputy === p.id)
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, 'deputy'],
          message: 'a person cannot deputise for themselves',
        });
    }
    const systemIds = new Set<string>();
    for (const [i, system] of c.systems.entries()) {
      if (systemIds.has(system.id))
        ctx.addIssue({ code: 'custom', path: ['systems', i, 'id'], message: `"${system.id}" twice` });
      systemIds.add(system.id);
      for (const [j, owner] of system.owners.entries())
        if (!ids.has(owner))
          ctx.addIssue({
            code: 'custom',
            path: ['systems', i, 'owners', j],
            message: `"${owner}" is not one of the people`,
          });
    }
    const pipelineIds = new Set<string>();
    for (const [i, pipeline] of c.pipelines.entries()) {
      if (pipelineIds.has(pipeline.id))
        ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'id'], message: `"${pipeline.id}" twice` });
      pipelineIds.add(pipeline.id);
    }
    const teamIds = new Set<string>();
    const hookIds = new Set<string>();
    for (const [i, team] of c.teams.entries()) {
      if (teamIds.has(team.id))
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'id'], message: `"${team.id}" twice` });
      teamIds.add(team.id);
      for (const [j, member] of team.members.entries())
        if (!ids.has(member))
          ctx.addIssue({
            code: 'custom',
            path: ['teams', i, 'members', j],
            message: `"${member}" is not one of the people`,
          });
      for (const [j, hook] of team.webhooks.entries()) {
        if (hookIds.has(hook.id))
          ctx.addIssue({
            code: 'custom',
            path: ['teams', i, 'webhooks', j, 'id'],
            message: `"${hook.id}" twice`,
          });
        hookIds.add(hook.id);
      }
    }
  });
export type GoliveConfig = z.infer<typeof configSchema>;
