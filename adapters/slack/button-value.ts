import type { ButtonIntent, IntentCommand } from '../../src/conversation/model.js';

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

/** The intent back from a clicked button's value; undefined when it is not one of ours. */
export function decodeIntent(value: string | undefined): ButtonIntent | undefined {
  if (!value) return undefined;
  try {
    const raw = JSON.parse(value) as { r?: unknown; e?: unknown; c?: unknown };
    if (typeof raw.r !== 'string' || typeof raw.e !== 'number') return undefined;
    const c = raw.c as IntentCommand | undefined;
    if (!c || typeof c !== 'object' || typeof c.type !== 'string') return undefined;
    return { releaseId: raw.r, stageEntry: raw.e, command: c };
  } catch {
    return undefined;
  }
}
