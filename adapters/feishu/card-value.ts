import { z } from 'zod';
import { buttonIntentSchema, formContextSchema } from '../../src/conversation/intent-schema.js';
import type { ButtonIntent, FormContext } from '../../src/conversation/model.js';

/**
 * What a card's callback carries back to us. Feishu returns a button's `behaviors[].value`
 * unchanged in `event.action.value`, so the core's ButtonIntent and a form's context round-trip
 * there; the `golive` marker tells our cards from any other app's.
 */
export type CardValue =
  | { golive: 1; kind: 'press'; intent: ButtonIntent }
  | { golive: 1; kind: 'submit'; form: FormContext; channel?: string };

const cardValueSchema = z.union([
  z.object({ golive: z.literal(1), kind: z.literal('press'), intent: buttonIntentSchema }),
  z.object({
    golive: z.literal(1),
    kind: z.literal('submit'),
    form: formContextSchema,
    channel: z.string().max(128).optional(),
  }),
]);

export function pressValue(intent: ButtonIntent): CardValue {
  return { golive: 1, kind: 'press', intent };
}

export function submitValue(form: FormContext, channel?: string): CardValue {
  return channel ? { golive: 1, kind: 'submit', form, channel } : { golive: 1, kind: 'submit', form };
}

/** The callback value, or undefined when it is not one of ours (old or foreign card). */
export function readCardValue(value: unknown): CardValue | undefined {
  // Some clients deliver the value JSON-encoded as a string.
  let raw = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const parsed = cardValueSchema.safeParse(raw);
  return parsed.success ? (parsed.data as CardValue) : undefined;
}
