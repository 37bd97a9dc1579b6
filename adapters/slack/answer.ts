import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import type { SlackMessage } from './render/message.js';
import type { SlackSurface } from './surface.js';

/** Where a private answer can go, best first. */
export interface AnswerTarget {
  userId: string;
  /** Bolt's `respond` for a request that carries a `response_url` (slash commands, message buttons). */
  respond?: RespondFn;
  /** Channel the user is looking at: the answer is posted there, visible to them only. */
  channel?: string;
}

/**
 * Shows `message` to one person only: through the request's `response_url` when there is one,
 * else as an ephemeral message in their channel, else as a DM (App Home clicks, or a channel the
 * bot cannot post in).
 */
export async function answerPrivately(
  deps: { client: webApi.WebClient; surface: SlackSurface; log: Logger },
  target: AnswerTarget,
  message: SlackMessage,
): Promise<void> {
  if (target.respond) {
    try {
      await target.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    } catch (err) {
      deps.log.warn({ err, user: target.userId }, 'response_url answer failed; trying the channel');
    }
  }
  if (target.channel) {
    try {
      await deps.client.chat.postEphemeral({
        channel: target.channel,
        user: target.userId,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    } catch (err) {
      deps.log.warn(
        { err, user: target.userId, channel: target.channel },
        'ephemeral answer failed; sending a DM',
      );
    }
  }
  await deps.surface.sendRenderedToUser(target.userId, message);
}
