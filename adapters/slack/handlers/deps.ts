import type { webApi } from '@slack/bolt';
import type { Logger } from '../../../src/log.js';
import type { GoliveCore, Reply, RequestContext } from '../../../src/service/api.js';
import { type AnswerTarget, answerPrivately } from '../answer.js';
import { renderForm } from '../render/form.js';
import { renderReply, renderText } from '../render/reply.js';
import type { SlackSurface } from '../surface.js';
import { t } from '../texts.js';

/** What every Slack listener needs. */
export interface HandlerDeps {
  core: GoliveCore;
  client: webApi.WebClient;
  surface: SlackSurface;
  log: Logger;
  /**
   * How long a request that may change a release waits for the core before it is answered anyway
   * (with "could not save in time"): its 200 otherwise leaves only after the core has committed.
   */
  answerWithinMs: number;
}

export function requestContext(userId: string, idempotencyKey?: string, channel?: string): RequestContext {
  const ctx: RequestContext = { platform: 'slack', userId };
  if (idempotencyKey) ctx.idempotencyKey = idempotencyKey;
  if (channel) ctx.channel = channel;
  return ctx;
}

/**
 * Shows the core's reply to the person who asked: a form opens as a modal (needs the request's
 * `trigger_id`, valid 3 s), anything else is answered privately.
 */
export async function deliverReply(
  deps: HandlerDeps,
  reply: Reply,
  target: AnswerTarget & { triggerId?: string },
): Promise<void> {
  const locale = deps.core.localeFor('slack', target.userId);
  if (reply.kind === 'form') {
    if (!target.triggerId) {
      deps.log.warn({ user: target.userId }, 'a form reply arrived without a trigger_id to open it with');
      await answerPrivately(deps, target, renderText(t(locale, 'formExpired'), 'warning'));
      return;
    }
    await deps.client.views.open({
      trigger_id: target.triggerId,
      view: renderForm(reply.form, target.channel),
    });
    return;
  }
  await answerPrivately(deps, target, renderReply(reply, locale));
}

/**
 * Acknowledges a request whose work the core has already committed (or refused). When the ack cannot
 * be sent (Socket Mode: the socket closed right after the envelope arrived) the work still stands, so
 * it is logged, not reported to the person as a failure: Slack sends the request again, and the core's
 * idempotency key answers that one with "already handled".
 */
export async function ackCommitted(
  deps: HandlerDeps,
  ack: () => Promise<void>,
  what: string,
  userId: string,
): Promise<void> {
  try {
    await ack();
  } catch (err) {
    deps.log.warn({ err, user: userId, what }, 'could not acknowledge a slack request that was handled');
  }
}

/** Tells the user the core did not finish in time: nothing is confirmed, a later answer may follow. */
export async function reportTooSlow(deps: HandlerDeps, target: AnswerTarget, what: string): Promise<void> {
  deps.log.warn(
    { user: target.userId, what, ms: deps.answerWithinMs },
    'slack request answered before the core finished',
  );
  try {
    const locale = deps.core.localeFor('slack', target.userId);
    await answerPrivately(deps, target, renderText(t(locale, 'notSavedYet'), 'warning'));
  } catch (err) {
    deps.log.error({ err, user: target.userId }, 'could not tell the user the request is not saved yet');
  }
}

/** Logs a failure we caused, with context, and tells the user in their language that it failed. */
export async function reportFailure(
  deps: HandlerDeps,
  err: unknown,
  what: string,
  target: AnswerTarget,
): Promise<void> {
  deps.log.error({ err, user: target.userId, channel: target.channel }, `slack ${what} failed`);
  try {
    const locale = deps.core.localeFor('slack', target.userId);
    await answerPrivately(deps, target, renderText(t(locale, 'failed'), 'error'));
  } catch (again) {
    deps.log.error({ err: again, user: target.userId }, 'could not tell the user about the failure');
  }
}
