import type { RequestContext } from '../../src/service/api.js';
import type { HandlerDeps } from './handler-deps.js';
import { deliverPrivately } from './replies.js';
import { t } from './texts.js';

/** The parts of `im.message.receive_v1` golive reads (the SDK flattens header and event). */
export interface MessageEvent {
  event_id?: string;
  sender?: { sender_id?: { open_id?: string }; sender_type?: string };
  message?: {
    message_id?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    mentions?: { key?: string }[];
  };
}

export interface MenuEvent {
  event_id?: string;
  event_key?: string;
  operator?: { operator_id?: { open_id?: string } };
}

/** Bot menu entries (event_key set in the developer console) and the command each runs. */
export const MENU_COMMANDS: Record<string, string> = {
  new_release: 'new',
  release_list: 'list',
  release_calendar: 'calendar',
  release_help: 'help',
};

/**
 * `/release …` typed to the bot: in a DM, or in a group with an @-mention. Mentions arrive as
 * `@_user_N` placeholders in the text and are dropped; the `/release` prefix is optional.
 */
export function commandText(content: string | undefined): string | undefined {
  if (!content) return undefined;
  let text: unknown;
  try {
    text = (JSON.parse(content) as { text?: unknown }).text;
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  const cleaned = text
    .replace(/@_user_\d+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.replace(/^\/?release\b\s*/i, '').trim();
}

export async function onMessage(deps: HandlerDeps, data: MessageEvent): Promise<void> {
  const { message, sender } = data;
  const openId = sender?.sender_id?.open_id;
  // The bot's own messages and other apps' come back as events too.
  if (!message || !openId || sender?.sender_type === 'app') return;
  if (data.event_id && !deps.recent.firstTime(data.event_id)) return;
  if (message.message_type !== 'text') return;
  const text = commandText(message.content);
  if (text === undefined) return;
  const p2p = message.chat_type === 'p2p';
  // An app allowed to read every group message gets all of them: in a group only a message that
  // @-mentions someone (Feishu sends the bot nothing else by default) or says /release is for us.
  if (!p2p && !message.mentions?.length && !/^\s*\/release\b/i.test(rawText(message.content))) return;
  if (p2p && message.chat_id) deps.privateChats.add(message.chat_id);
  const ctx: RequestContext = {
    platform: 'feishu',
    userId: openId,
    ...(data.event_id ? { idempotencyKey: data.event_id } : {}),
    ...(message.chat_id ? { channel: message.chat_id } : {}),
  };
  await run(deps, ctx, text, { openId, ...(p2p && message.chat_id ? { p2pChatId: message.chat_id } : {}) });
}

export async function onMenu(deps: HandlerDeps, data: MenuEvent): Promise<void> {
  const openId = data.operator?.operator_id?.open_id;
  const command = data.event_key ? MENU_COMMANDS[data.event_key] : undefined;
  if (!openId || command === undefined) return;
  if (data.event_id && !deps.recent.firstTime(data.event_id)) return;
  const ctx: RequestContext = {
    platform: 'feishu',
    userId: openId,
    ...(data.event_id ? { idempotencyKey: data.event_id } : {}),
  };
  await run(deps, ctx, command, { openId });
}

async function run(
  deps: HandlerDeps,
  ctx: RequestContext,
  text: string,
  target: { openId: string; p2pChatId?: string },
): Promise<void> {
  const locale = deps.core.localeFor('feishu', ctx.userId);
  try {
    const reply = await deps.core.command(ctx, text);
    await deliverPrivately(
      deps.messenger,
      reply,
      { ...target, ...(ctx.channel ? { originChannel: ctx.channel } : {}) },
      { locale, config: deps.core.config, shownForms: deps.shownForms },
    );
  } catch (err) {
    deps.log.error({ err, user: ctx.userId, eventId: ctx.idempotencyKey }, 'feishu command failed');
    const to = target.p2pChatId
      ? ({ type: 'chat_id', id: target.p2pChatId } as const)
      : ({ type: 'open_id', id: target.openId } as const);
    await deps.messenger.send(to, { msgType: 'text', text: t('failed', locale) }).catch(() => undefined);
  }
}

function rawText(content: string | undefined): string {
  try {
    const text = (JSON.parse(content ?? '') as { text?: unknown }).text;
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}
