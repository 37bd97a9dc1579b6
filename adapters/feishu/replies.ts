import type { GoliveConfig } from '../../src/config/schema.js';
import type { Locale } from '../../src/i18n/text.js';
import type { Reply } from '../../src/service/api.js';
import type { FeishuMessenger } from './messenger.js';
import { formCard } from './render/form-card.js';
import { messageCard } from './render/message-card.js';
import type { ShownForms } from './shown-forms.js';
import { t } from './texts.js';

/** Where a private answer goes: the one-to-one chat if we are in it, else a DM by open_id. */
export interface PrivateTarget {
  openId: string;
  /** The p2p chat the request came from, when it came from one. */
  p2pChatId?: string;
  /** Chat a new release's status card belongs in (carried by a form). */
  originChannel?: string;
}

const MAX_LIST = 10;

/**
 * Shows a core Reply to one person. Feishu has no ephemeral messages for plain text, so an
 * answer to something typed in a group goes to the person's DM with the bot.
 */
export async function deliverPrivately(
  messenger: FeishuMessenger,
  reply: Reply,
  target: PrivateTarget,
  ctx: { locale: Locale; config: GoliveConfig; shownForms?: ShownForms },
): Promise<void> {
  const to = target.p2pChatId
    ? ({ type: 'chat_id', id: target.p2pChatId } as const)
    : ({ type: 'open_id', id: target.openId } as const);
  switch (reply.kind) {
    case 'text':
      await messenger.send(to, { msgType: 'text', text: reply.text });
      return;
    case 'message':
      await messenger.send(to, { msgType: 'interactive', card: messageCard(reply.message, ctx.locale) });
      return;
    case 'messages':
      if (!reply.messages.length) {
        await messenger.send(to, { msgType: 'text', text: reply.empty ?? t('nothing', ctx.locale) });
        return;
      }
      for (const m of reply.messages.slice(0, MAX_LIST)) {
        await messenger.send(to, { msgType: 'interactive', card: messageCard(m, ctx.locale) });
      }
      // The newest come first; the rest (left out here, or by the core) are counted.
      if (reply.messages.length > MAX_LIST || reply.more) {
        const n = Math.max(0, reply.messages.length - MAX_LIST) + (reply.more ?? 0);
        await messenger.send(to, { msgType: 'text', text: t('listMore', ctx.locale, { n }) });
      }
      return;
    case 'form': {
      ctx.shownForms?.remember(reply.form);
      const card = formCard(reply.form, {
        locale: ctx.locale,
        config: ctx.config,
        ...(target.originChannel ? { channel: target.originChannel } : {}),
      });
      await messenger.send(to, { msgType: 'interactive', card });
      return;
    }
  }
}
