import type { PlatformId } from '../config/schema.js';
import type { Message } from '../conversation/model.js';
import type { MessageRef } from '../domain/types.js';

/**
 * The chat-platform port: how the core reaches people. Each adapter (Slack, Feishu, local)
 * implements it by rendering the platform-neutral Message; it holds no release logic.
 */
export interface ChatSurface {
  readonly platform: PlatformId;
  /** A direct message to a user (platform user id). */
  sendToUser(userId: string, message: Message): Promise<MessageRef>;
  /** A message in a channel/group; `thread` makes it a reply under another message. */
  sendToChannel(channel: string, message: Message, thread?: MessageRef): Promise<MessageRef>;
  /** Edits a message the bot sent earlier. */
  update(ref: MessageRef, message: Message): Promise<void>;
}
