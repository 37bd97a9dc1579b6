import { buttonIntentSchema } from '../../src/conversation/intent-schema.js';
import type { ButtonIntent } from '../../src/conversation/model.js';

/** Slack refuses a button whose `value` is longer than this. */
export const BUTTON_VALUE_MAX = 2000;

/** Prefix of every golive button's `action_id`, so one listener catches them all. */
export const BUTTON_ACTION_PREFIX = 'golive:btn:';

/**
 * A button's intent travels in its `value` as compact JSON (`r` release, `e` stage entry, `c`
 * command), so a click needs no server-side lookup and survives restarts.
 */
export function encodeIntent(intent: ButtonIntent): string {
  const value = JSON.stringify({ r: intent.releaseId, e: intent.stageEntry, c: intent.command });
  if (value.length > BUTTON_VALUE_MAX) {
    throw new Error(
      `button value for ${intent.releaseId} is ${value.length} chars; Slack allows ${BUTTON_VALUE_MAX}`,
    );
  }
  return value;
}

/** What a clicked button's value says: the intent, or that it is not one golive made. */
export type ButtonValue = { intent: ButtonIntent } | { invalid: true; releaseId?: unknown };

/**
 * The intent back from a clicked button's value, validated with the core's schema (as the Feishu
 * adapter does): anything anyone could put in a value — a command type the core has no button for
 * (`timer`), a command given as text, ids that are not strings — is `invalid`, with the release it
 * claims (for the audit trail) when it names one.
 */
export function readButtonValue(value: unknown): ButtonValue {
  if (typeof value !== 'string' || !value) return { invalid: true };
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return { invalid: true };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { invalid: true };
  const { r, e, c, ...rest } = raw as { r?: unknown; e?: unknown; c?: unknown };
  const parsed = Object.keys(rest).length
    ? undefined
    : buttonIntentSchema.safeParse({ releaseId: r, stageEntry: e, command: c });
  return parsed?.success ? { intent: parsed.data } : { invalid: true, releaseId: r };
}

/** The intent of a button value; undefined when it is not one golive made. */
export function decodeIntent(value: unknown): ButtonIntent | undefined {
  const read = readButtonValue(value);
  return 'intent' in read ? read.intent : undefined;
}
