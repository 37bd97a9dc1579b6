import type { ButtonIntent, Message } from '../../src/conversation/model.js';
import type { Locale } from '../../src/i18n/text.js';
import type { Reply, RequestContext } from '../../src/service/api.js';
import type { HandlerDeps } from './handler-deps.js';
import type { Card2 } from './render/elements.js';
import { messageCard } from './render/message-card.js';

/**
 * After an accepted click on a card in someone's DM, the card they clicked is brought up to date
 * at once, because Feishu shows the callback's answer card immediately:
 * - the stage did not move (a ticked checklist item, one approval of several): the card the core
 *   would show them now, with the buttons still open to them;
 * - they have nothing left to do here: the same card with the core's answer as its outcome.
 * When the stage moved the core closes the old cards itself, so they never get fresh buttons here.
 */
export async function refreshedCard(
  deps: HandlerDeps,
  clicked: { ctx: RequestContext; messageId?: string; chatId?: string; locale: Locale },
  intent: ButtonIntent,
  reply: Reply,
): Promise<Card2 | undefined> {
  if (reply.kind !== 'text' || reply.tone !== 'success' || !clicked.messageId) return undefined;
  // Only where nobody else sees the card: one person's fresh buttons are not another's.
  if (!clicked.chatId || !deps.privateChats.has(clicked.chatId)) return undefined;
  const { awaiting } = await deps.core.overview(clicked.ctx);
  const current = awaiting.find((m) => m.buttons.some((b) => sameStageEntry(b.intent, intent)));
  if (current) return messageCard(current, clicked.locale);
  const shown: Message | undefined = deps.sentCards.get(clicked.messageId);
  if (!shown || shown.buttons.length === 0) return undefined;
  return messageCard({ ...shown, buttons: [], outcome: reply.text }, clicked.locale);
}

function sameStageEntry(a: ButtonIntent, b: ButtonIntent): boolean {
  return a.releaseId === b.releaseId && a.stageEntry === b.stageEntry;
}
