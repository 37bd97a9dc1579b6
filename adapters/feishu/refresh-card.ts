import type { Locale } from '../../src/i18n/text.js';
import type { Reply } from '../../src/service/api.js';
import type { HandlerDeps } from './handler-deps.js';
import type { Card2 } from './render/elements.js';
import { messageCard } from './render/message-card.js';

/**
 * The card to answer an accepted click with. Feishu shows the callback's card to the clicker at
 * once, and an API patch racing the callback answer may be undone by it, so the answer carries the
 * core's own rendering of the clicked card — the same content the core's outbox writes into every
 * other copy of that person's card — rather than leaving the card as it was until the patch lands.
 * Only where nobody else sees the card: one person's buttons are not another's.
 */
export function refreshedCard(
  deps: HandlerDeps,
  clicked: { messageId?: string; chatId?: string; locale: Locale },
  reply: Reply,
): Card2 | undefined {
  if (reply.kind !== 'text' || !reply.card || !clicked.messageId) return undefined;
  if (!clicked.chatId || !deps.privateChats.has(clicked.chatId)) return undefined;
  return messageCard(reply.card, clicked.locale);
}
