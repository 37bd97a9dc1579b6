import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Reply } from '../../../src/service/api.js';
import { withinDeadline } from '../../../src/time/deadline.js';
import { BUTTON_ACTION_PREFIX, decodeIntent, readButtonValue } from '../button-value.js';
import { renderDetails } from '../render/details.js';
import {
  ackCommitted,
  deliverReply,
  type HandlerDeps,
  reportFailure,
  reportTooSlow,
  requestContext,
} from './deps.js';
import { refreshHome } from './home.js';

const BUTTON_ACTION = new RegExp(`^${BUTTON_ACTION_PREFIX}`);

type Target = Parameters<typeof deliverReply>[2];

/**
 * A golive button: the intent from its value goes to `core.press`, and the click is acknowledged
 * only once the core has committed (or refused) it — a 200 sent before would be a decision Slack
 * shows as taken that a crash could still lose. If the core misses the deadline the click is
 * answered with "could not save in time", and the core's answer follows when it comes.
 * The click's `action_ts` + user + action id is the idempotency key, so a redelivered click counts once.
 * A button that needs input answers with a form, opened as a modal with the click's trigger.
 */
export function registerButtons(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(BUTTON_ACTION, async ({ body, action, ack, respond }) => {
    const userId = body.user.id;
    const channel = body.channel?.id;
    const target: Target = {
      userId,
      channel,
      respond: body.response_url ? respond : undefined,
      triggerId: body.trigger_id,
    };
    let acked = false;
    const answer = async () => {
      if (acked) return;
      acked = true;
      await ackCommitted(deps, ack, 'button', userId);
    };
    try {
      const key = `slack:act:${action.action_ts}:${userId}:${action.action_id}`;
      const ctx = requestContext(userId, key, channel);
      const read = readButtonValue(action.value);
      if (!('intent' in read)) {
        // Forged or mangled: no retry would work, so no "try again"; audited on the release it names.
        deps.log.warn(
          { user: userId, actionId: action.action_id },
          'a button golive did not make was clicked',
        );
        const refused = await withinDeadline(
          deps.answerWithinMs,
          deps.core.refuseInvalidButton(ctx, read.releaseId),
        );
        await answer();
        const reply = refused.done ? refused.value : await refused.later;
        await deliverReply(deps, reply, { ...target, triggerId: undefined });
        return;
      }
      const intent = read.intent;
      const outcome = await withinDeadline(deps.answerWithinMs, deps.core.press(ctx, intent));
      await answer();
      if (!outcome.done) {
        await reportTooSlow(deps, target, 'button');
        // The click's trigger has expired by now: a late form cannot open as a modal.
        const late = { ...target, triggerId: undefined };
        outcome.later
          .then((reply) => followUp(deps, body, reply, late))
          .catch((err: unknown) => reportFailure(deps, err, 'button', late));
        return;
      }
      await followUp(deps, body, outcome.value, target);
    } catch (err) {
      await answer().catch(() => undefined);
      await reportFailure(deps, err, 'button', target);
    }
  });
}

function isDetails(body: BlockAction<ButtonAction>): boolean {
  const action = body.actions[0];
  return action?.type === 'button' && decodeIntent(action.value)?.command.type === 'details';
}

/**
 * After the core's answer: a form opens, or the answer is shown. The clicked card (and every other
 * copy of it) is brought up to date by the core's outbox, not here.
 */
async function followUp(
  deps: HandlerDeps,
  body: BlockAction<ButtonAction>,
  reply: Reply,
  target: Target,
): Promise<void> {
  // Details open as a modal over the card, to read and close.
  if (reply.kind === 'message' && target.triggerId && isDetails(body)) {
    await deps.client.views.open({ trigger_id: target.triggerId, view: renderDetails(reply.message) });
    return;
  }
  // A form opens at once: the click's trigger expires 3 s after the click.
  if (reply.kind === 'form') {
    await deliverReply(deps, reply, target);
    return;
  }
  if (body.view?.type === 'home') await refreshHome(deps, target.userId);
  await deliverReply(deps, reply, target);
}
