import type { App } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { withinDeadline } from '../../../src/time/deadline.js';
import {
  ackCommitted,
  deliverReply,
  type HandlerDeps,
  reportFailure,
  reportTooSlow,
  requestContext,
} from './deps.js';

/** Name of the slash command in the manifest. */
export const SLASH_COMMAND = '/release';

/**
 * `/release …`: the text goes to the core as typed, and the command is acknowledged once the core
 * has answered — a cancel or withdraw is committed before Slack hears it was received. Within
 * Slack's 3 seconds either way: if the core is slower, the user reads "could not save in time" and
 * the core's answer follows. A form (`/release new`) opens as a modal with the command's trigger;
 * anything else is answered privately.
 */
export function registerCommand(app: App, deps: HandlerDeps): void {
  // Trigger ids of commands seen lately: a trigger is valid 3 s, Slack retries within minutes.
  const triggers = new LRUCache<string, true>({ max: 10_000, ttl: 10 * 60_000 });
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    const target = {
      userId: command.user_id,
      channel: command.channel_id,
      respond,
      triggerId: command.trigger_id,
    };
    let acked = false;
    const answer = async () => {
      if (acked) return;
      acked = true;
      await ackCommitted(deps, ack, 'slash command', command.user_id);
    };
    // Slack delivers a command again when it missed the first acknowledgement (Socket Mode resends
    // the envelope, HTTP mode retries): the first delivery answers, and its trigger opens the modal once.
    if (command.trigger_id) {
      if (triggers.has(command.trigger_id)) {
        deps.log.debug({ user: command.user_id }, 'a slash command delivered again; the first answers');
        await answer();
        return;
      }
      triggers.set(command.trigger_id, true);
    }
    try {
      // The trigger id is unique per invocation, so it names this command for de-duplication.
      const ctx = requestContext(command.user_id, `slack:cmd:${command.trigger_id}`, command.channel_id);
      const outcome = await withinDeadline(deps.answerWithinMs, deps.core.command(ctx, command.text ?? ''));
      await answer();
      if (!outcome.done) {
        await reportTooSlow(deps, target, 'slash command');
        const late = { ...target, triggerId: undefined };
        outcome.later
          .then((reply) => deliverReply(deps, reply, late))
          .catch((err: unknown) => reportFailure(deps, err, 'slash command', late));
        return;
      }
      await deliverReply(deps, outcome.value, target);
    } catch (err) {
      await answer().catch(() => undefined);
      await reportFailure(deps, err, 'slash command', target);
    }
  });
}
