import type { Message } from '../../src/conversation/model.js';
import type { MessageRef } from '../../src/domain/types.js';
import type { Locale } from '../../src/i18n/text.js';
import type { ChatSurface, SendOptions } from '../../src/platform/port.js';
import type { FeishuMessenger } from './messenger.js';
import type { PrivateChats } from './private-chats.js';
import { messageCard } from './render/message-card.js';

export interface FeishuSurfaceDeps {
  messenger: FeishuMessenger;
  /** Locale for the adapter's own bits of a card (default confirm texts). */
  localeFor(userId?: string): Locale;
  /** Chats known to be one-to-one with the bot; cards there may be replaced by forms in place. */
  privateChats: PrivateChats;
}

/**
 * How the core reaches people on Feishu: cards by open_id or chat_id, edited with patch. An outbox
 * message's creates carry a `uuid` made from its name (SendOptions), so a resend — a retry after a
 * timeout, a survivor resending after a crash — answers with the message already created.
 */
export function createFeishuSurface(deps: FeishuSurfaceDeps): ChatSurface {
  const { messenger } = deps;
  return {
    platform: 'feishu',
    async sendToUser(userId: string, message: Message, send?: SendOptions): Promise<MessageRef> {
      const card = messageCard(message, deps.localeFor(userId));
      const sent = await messenger.send(
        { type: 'open_id', id: userId },
        { msgType: 'interactive', card },
        send?.key,
      );
      if (sent.chatId) deps.privateChats.add(sent.chatId);
      return { platform: 'feishu', channel: sent.chatId ?? userId, id: sent.messageId };
    },
    async sendToChannel(
      channel: string,
      message: Message,
      thread?: MessageRef,
      send?: SendOptions,
    ): Promise<MessageRef> {
      const card = messageCard(message, deps.localeFor());
      // Updates about a release go under its status card, so the group stays readable.
      const sent = thread
        ? await messenger.reply(thread.id, { msgType: 'interactive', card }, true, send?.key)
        : await messenger.send({ type: 'chat_id', id: channel }, { msgType: 'interactive', card }, send?.key);
      return { platform: 'feishu', channel: sent.chatId ?? channel, id: sent.messageId };
    },
    async update(ref: MessageRef, message: Message): Promise<void> {
      await messenger.patch(ref.id, messageCard(message, deps.localeFor()));
    },
  };
}
