import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { Logger } from '../../src/log.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const optionalText = (v: unknown) => v === undefined || isText(v);

/**
 * What a correctly signed body must look like before Bolt matches it to a listener. Bolt's matchers
 * call string methods on ids (`action_id.match`), so a malformed body (never sent by Slack, but
 * possible from a buggy proxy or a leaked secret) would crash inside Bolt and answer 500. Returns
 * why the body is unreadable, or undefined when it is fine.
 */
export function unreadable(body: unknown): string | undefined {
  if (!isObject(body)) return 'body is not an object';
  if ('command' in body)
    return isText(body.command) && isText(body.user_id) ? undefined : 'slash command without command/user_id';
  switch (body.type) {
    case 'block_actions': {
      const actions = body.actions;
      if (!isObject(body.user) || !isText(body.user.id)) return 'block_actions without user.id';
      if (!Array.isArray(actions) || !actions.length) return 'block_actions without actions';
      const ok = actions.every(
        (a) => isObject(a) && isText(a.action_id) && optionalText(a.block_id) && optionalText(a.type),
      );
      return ok ? undefined : 'an action without a string action_id/block_id';
    }
    case 'view_submission':
    case 'view_closed':
      if (!isObject(body.user) || !isText(body.user.id)) return `${body.type} without user.id`;
      return isObject(body.view) && isText(body.view.callback_id) && optionalText(body.view.type)
        ? undefined
        : `${body.type} without view.callback_id`;
    case 'shortcut':
    case 'message_action':
      return isText(body.callback_id) ? undefined : `${body.type} without callback_id`;
    case 'block_suggestion':
      return isText(body.action_id) && optionalText(body.block_id) ? undefined : 'options without action_id';
    case 'event_callback':
      return isObject(body.event) && isText(body.event.type) ? undefined : 'event without event.type';
    default:
      return undefined;
  }
}

/**
 * First global middleware: a body we cannot read is acknowledged (so it is not redelivered) and
 * dropped with a warning, instead of reaching listeners that would fail on it.
 */
export function registerPayloadGuard(app: App, log: Logger): void {
  app.use(async (args) => {
    const problem = unreadable(args.body);
    if (!problem) return args.next();
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
