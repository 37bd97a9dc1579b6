import type { App } from '@slack/bolt';
import { deliverReply, type HandlerDeps, reportFailure, requestContext } from './deps.js';

/** Name of the slash command in the manifest. */
export const SLASH_COMMAND = '/release';

/**
 * `/release …`: acknowledged at once (Slack's 3-second limit), then the text goes to the core as
 * typed. A form (`/release new`) opens as a modal with the command's trigger; anything else is
 * answered privately.
 */
export function registerCommand(app: App, deps: HandlerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const target = {
      userId: command.user_id,
      channel: command.channel_id,
      respond,
      triggerId: command.trigger_id,
    };
    try {
      // The trigger id is unique per invocation, so it names this command for de-duplication.
      const ctx = requestContext(command.user_id, `slack:cmd:${command.trigger_id}`, command.channel_id);
      const reply = await deps.core.command(ctx, command.text ?? '');
      await deliverReply(deps, reply, target);
    } catch (err) {
      await reportFailure(deps, err, 'slash command', target);
    }
  });
}
