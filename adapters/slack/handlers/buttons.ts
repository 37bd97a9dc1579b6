import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { BUTTON_ACTION_PREFIX, decodeIntent } from '../button-value.js';
import { deliverReply, type HandlerDeps, reportFailure, requestContext } from './deps.js';
import { refreshHome } from './home.js';
import { refreshClickedCard } from './refresh-card.js';

const BUTTON_ACTION = new RegExp(`^${BUTTON_ACTION_PREFIX}`);

/**
 * A golive button: acknowledged at once, then the intent from its value goes to `core.press`. The
 * click's `action_ts` + user + action id is the idempotency key, so a redelivered click counts once.
 * A button that needs input answers with a form, opened as a modal with the click's trigger.
 */
export function registerButtons(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(BUTTON_ACTION, async ({ body, action, ack, respond }) => {
    await ack();
    const userId = body.user.id;
    const channel = body.channel?.id;
    const messageTs = body.message?.ts;
    const target = {
      userId,
      channel,
      respond: body.response_url ? respond : undefined,
      triggerId: body.trigger_id,
      ...(channel && messageTs ? { clicked: { channel, ts: messageTs } } : {}),
    };
    try {
      const intent = decodeIntent(action.value);
      if (!intent) {
        deps.log.warn(
          { user: userId, actionId: action.action_id },
          'a button with an unreadable value was clicked',
        );
        return;
      }
      const key = `slack:act:${action.action_ts}:${userId}:${action.action_id}`;
      const ctx = requestContext(userId, key, channel);
      const reply = await deps.core.press(ctx, intent);
      // A form opens at once: the click's trigger expires 3 s after the click.
      if (reply.kind === 'form') {
        await deliverReply(deps, reply, target);
        return;
      }
      if (body.view?.type === 'home') await refreshHome(deps, userId);
      const message = body.message;
      if (channel && message?.ts) {
        const shown = { text: message.text ?? '', blocks: message.blocks ?? [] };
        await refreshClickedCard(deps, ctx, { channel, ts: message.ts, ...shown }, intent, reply);
      }
      // The answer comes last, so whoever sees it also sees the card already brought up to date.
      await deliverReply(deps, reply, target);
    } catch (err) {
      await reportFailure(deps, err, 'button', target);
    }
  });
}
