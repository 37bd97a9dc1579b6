import type { AnyMiddlewareArgs, App, ReceiverEvent } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/log.js';
import { BUTTON_ACTION_PREFIX } from './button-value.js';
import { SLASH_COMMAND } from './handlers/command.js';
import { FLOW_CHOICE_ACTION_ID, FORM_CALLBACK_ID } from './render/form.js';

/** Slack's ids are short; a generous bound keeps a forged megabyte out of keys and logs. */
const id = z.string().min(1).max(255);
const text = z.string().max(1_000_000);
const url = z.string().max(2048);

/**
 * The parts of the requests golive handles that Bolt and our handlers read, as Slack sends them.
 * Validated at the edge (like the Feishu adapter's), so a correctly signed but malformed body (never
 * sent by Slack, but possible from a buggy proxy or a leaked secret) cannot crash inside Bolt's
 * matchers (`action_id.match`) or hand the core ids that are not strings. Button values and form
 * metadata are checked by their handlers, which answer "this button is not valid".
 */
const slashCommand = z.looseObject({
  command: z.string(),
  user_id: id,
  channel_id: id.optional(),
  text: text.optional(),
  trigger_id: id.optional(),
  response_url: url.optional(),
});
const action = z.looseObject({
  action_id: z.string().max(255),
  block_id: z.string().max(255).optional(),
  type: z.string().max(64).optional(),
  action_ts: id.optional(),
  value: z.unknown().optional(),
});
const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id }),
  channel: z.looseObject({ id }).optional(),
  trigger_id: id.optional(),
  response_url: url.optional(),
  actions: z.array(action).min(1).max(25),
  view: z
    .looseObject({ id: id.optional(), hash: id.optional(), type: z.string().max(64).optional() })
    .optional(),
});
const viewSubmission = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  user: z.looseObject({ id }),
  view: z.looseObject({
    id,
    hash: id.optional(),
    callback_id: z.string().max(255),
    type: z.string().max(64).optional(),
    private_metadata: z.string().max(3000).optional(),
    state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional(),
    blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional(),
  }),
});
const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event: z.looseObject({ type: z.string().max(255) }),
});

type Body = Record<string, unknown>;
type Verdict = { ok: true } | { ok: false; problem: string } | { unhandled: string };

/**
 * Whether golive has a listener for this body, and whether the body is readable. What golive does not
 * handle (another slash command, a link button, a shortcut, …) is answered at once: otherwise Bolt
 * waits 3 s for an ack nobody sends, answers 404 and logs an error for each.
 */
export function judge(body: unknown): Verdict {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, problem: 'body is not an object' };
  const b = body as Body;
  if ('command' in b) {
    const parsed = slashCommand.safeParse(b);
    if (!parsed.success) return { ok: false, problem: `slash command: ${issue(parsed.error)}` };
    return parsed.data.command === SLASH_COMMAND
      ? { ok: true }
      : { unhandled: `command ${parsed.data.command}` };
  }
  switch (b.type) {
    case 'block_actions': {
      const parsed = blockActions.safeParse(b);
      if (!parsed.success) return { ok: false, problem: `block_actions: ${issue(parsed.error)}` };
      const first = parsed.data.actions[0]?.action_id ?? '';
      return first.startsWith(BUTTON_ACTION_PREFIX) || first === FLOW_CHOICE_ACTION_ID
        ? { ok: true }
        : { unhandled: `action ${first}` };
    }
    case 'view_submission':
    case 'view_closed': {
      const parsed = viewSubmission.safeParse(b);
      if (!parsed.success) return { ok: false, problem: `${b.type}: ${issue(parsed.error)}` };
      return b.type === 'view_submission' && parsed.data.view.callback_id === FORM_CALLBACK_ID
        ? { ok: true }
        : { unhandled: `${b.type} ${parsed.data.view.callback_id}` };
    }
    case 'event_callback': {
      const parsed = eventCallback.safeParse(b);
      // Bolt acknowledges every event itself, before any listener: pass them on.
      return parsed.success ? { ok: true } : { ok: false, problem: `event: ${issue(parsed.error)}` };
    }
    default:
      return { unhandled: `type ${typeof b.type === 'string' ? b.type.slice(0, 64) : typeof b.type}` };
  }
}

const issue = (error: z.ZodError) => {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'invalid';
};

/**
 * Judges every request once, before Bolt does anything with it. What golive has no listener for
 * (another app's slash command, a link button, a shortcut, a type Bolt does not know) is acknowledged
 * at once and logged at debug: Bolt would wait 3 s for an ack nobody sends, then answer 404 and log
 * an error for each. A body we cannot read goes on to Bolt, which either answers 400 itself (fields it
 * reads before any middleware) or reaches the first global middleware, which acknowledges it (so it is
 * not redelivered) and drops it with a warning, instead of reaching listeners that would fail on it.
 * Wraps `processEvent`, Bolt's documented entry point for receivers, so HTTP and Socket Mode share it.
 */
export function registerPayloadGuard(app: App, log: Logger): void {
  const unreadable = new WeakMap<object, string>();
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const verdict = judge(event.body);
    if ('unhandled' in verdict) {
      log.debug({ what: verdict.unhandled }, 'acknowledged a slack request golive does not handle');
      await event.ack();
      return;
    }
    if ('problem' in verdict && typeof event.body === 'object' && event.body !== null)
      unreadable.set(event.body, verdict.problem);
    return processEvent(event);
  };
  app.use(async (args) => {
    const problem = unreadable.get(args.body);
    if (problem === undefined) return args.next();
    log.warn({ problem }, 'ignored a signed slack request we cannot read');
    const ack = (args as AnyMiddlewareArgs & { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  });
}

/**
 * Bolt reads some fields (the user, the conversation) before any middleware runs, so a signed but
 * malformed body can still throw there; Bolt would answer 500. Our own listeners acknowledge first
 * and report their failures themselves, so an error here means Bolt could not read the request:
 * answer 400 and log it. Authorization failures keep Bolt's 401.
 */
export function badRequestHandler(log: Logger) {
  return async (args: {
    error: Error;
    response: { headersSent: boolean; writeHead(status: number): unknown; end(): unknown };
  }): Promise<boolean> => {
    if (args.response.headersSent) {
      log.error({ err: args.error }, 'slack request failed after it was acknowledged');
      return false;
    }
    const auth = (args.error as { code?: string }).code === 'slack_bolt_authorization_error';
    log.warn({ err: args.error }, auth ? 'slack request not authorized' : 'slack request could not be read');
    args.response.writeHead(auth ? 401 : 400);
    args.response.end();
    return auth;
  };
}
