import { z } from 'zod';
import type { ButtonIntent, FormContext } from './model.js';

/**
 * Button values and form contexts come back from platforms as text anyone could forge or mangle:
 * adapters parse them with these schemas before the core sees them.
 */
const id = z.string().min(1).max(64);
const intentCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('act'), action: id }).strict(),
  z.object({ type: z.literal('tick'), item: id }).strict(),
  z.object({ type: z.literal('approve'), withComment: z.literal(true).optional() }).strict(),
  ...(['reject', 'withdraw', 'cancel', 'delegate', 'add_approver', 'send_back', 'details'] as const).map(
    (t) => z.object({ type: z.literal(t) }).strict(),
  ),
]);

export const buttonIntentSchema: z.ZodType<ButtonIntent> = z
  .object({
    releaseId: z.string().regex(/^REL-\d{1,9}$/),
    stageEntry: z.number().int().min(0).max(1_000_000),
    command: intentCommand,
  })
  .strict();

export const formContextSchema: z.ZodType<FormContext> = z.union([
  z.object({ kind: z.literal('new_release'), flowId: id.optional() }).strict(),
  z.object({ kind: z.literal('command'), intent: buttonIntentSchema }).strict(),
]);

/** Parses a JSON button value; null when it is not one of ours. */
export function parseIntent(json: string): ButtonIntent | null {
  try {
    const r = buttonIntentSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function parseFormContext(json: string): FormContext | null {
  try {
    const r = formContextSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
