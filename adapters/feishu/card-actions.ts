import { type FieldErrors, SUBMISSION_ERROR } from '../../src/conversation/model.js';
import type { Locale } from '../../src/i18n/text.js';
import type { Reply, RequestContext } from '../../src/service/api.js';
import { type CardValue, readCardValue } from './card-value.js';
import { toRawValues } from './form-values.js';
import type { HandlerDeps } from './handler-deps.js';
import { refreshedCard } from './refresh-card.js';
import type { Card2 } from './render/elements.js';
import { formCard } from './render/form-card.js';
import { messageCard } from './render/message-card.js';
import { deliverPrivately } from './replies.js';
import { t } from './texts.js';

/** The parts of `card.action.trigger` golive reads (header and event flattened by the SDK). */
export interface CardActionEvent {
  event_id?: string;
  operator?: { open_id?: string };
  action?: { value?: unknown; form_value?: unknown; tag?: string; name?: string };
  context?: { open_message_id?: string; open_chat_id?: string };
}

type ToastType = 'success' | 'info' | 'warning' | 'error';
/** The callback answer: a toast for the clicker and/or the card that replaces the clicked one. */
export interface CardAnswer {
  toast?: { type: ToastType; content: string };
  card?: { type: 'raw'; data: Card2 };
}

interface Clicked {
  ctx: RequestContext;
  locale: Locale;
  openId: string;
  messageId?: string;
  chatId?: string;
}

/**
 * A click or a form submission on one of our cards. The answer goes back within the callback's
 * 3 seconds, after the core has committed the click; if the core takes longer, the clicker
 * reads "not saved yet, try again if the card does not update", and the card is patched when the
 * work is done.
 */
export async function onCardAction(deps: HandlerDeps, data: CardActionEvent): Promise<CardAnswer> {
  const openId = data.operator?.open_id;
  if (!openId) return {};
  // A re-push of a callback already being handled: the first delivery answers.
  if (data.event_id && !deps.recent.firstTime(data.event_id)) return {};
  const locale = deps.core.localeFor('feishu', openId);
  const value = readCardValue(data.action?.value);
  if (!value) return toast('info', t('unknownCard', locale));
  const chatId = data.context?.open_chat_id;
  const channel = value.kind === 'submit' ? (value.channel ?? chatId) : chatId;
  const clicked: Clicked = {
    ctx: {
      platform: 'feishu',
      userId: openId,
      ...(data.event_id ? { idempotencyKey: data.event_id } : {}),
      ...(channel ? { channel } : {}),
    },
    locale,
    openId,
    ...(data.context?.open_message_id ? { messageId: data.context.open_message_id } : {}),
    ...(chatId ? { chatId } : {}),
  };
  const work = handle(deps, clicked, value, data.action?.form_value).catch((err: unknown) => {
    deps.log.error({ err, user: openId, eventId: data.event_id }, 'feishu card action failed');
    return toast('error', t('failed', locale));
  });
  const result = await deps.background.within(deps.answerWithinMs, work);
  if (result.done) return result.value;
  deps.background.track(result.later.then((late) => applyLate(deps, clicked, late)));
  return toast('info', t('working', locale));
}

async function handle(
  deps: HandlerDeps,
  c: Clicked,
  value: CardValue,
  formValue: unknown,
): Promise<CardAnswer> {
  if (value.kind === 'press') {
    const reply = await deps.core.press(c.ctx, value.intent);
    const fresh = refreshedCard(deps, c, reply);
    if (fresh && reply.kind === 'text')
      return { ...toast(reply.tone, reply.text), card: { type: 'raw', data: fresh } };
    return answerReply(deps, c, reply);
  }
  const values = toRawValues(formValue, deps.core.config.timezone);
  const result = await deps.core.submit(c.ctx, value.form, values);
  if (result.ok) return answerReply(deps, c, result.reply, value.channel, true);
  return answerErrors(deps, c, value, result.errors, formValue);
}

/** The core's answer as a toast, an in-place card, or a private message. */
async function answerReply(
  deps: HandlerDeps,
  c: Clicked,
  reply: Reply,
  originChannel?: string,
  replaceCard = false,
): Promise<CardAnswer> {
  const inPrivateChat = c.chatId !== undefined && deps.privateChats.has(c.chatId);
  switch (reply.kind) {
    case 'text': {
      const answer = toast(reply.tone, reply.text);
      // A submitted form is finished: replace it so it cannot be sent twice.
      if (replaceCard) {
        const tone = reply.tone === 'error' ? 'danger' : reply.tone;
        const done = messageCard(
          {
            summary: reply.text,
            header: t(reply.tone === 'success' || reply.tone === 'info' ? 'done' : 'notDone', c.locale),
            tone,
            fields: [],
            links: [],
            context: [],
            buttons: [],
            outcome: reply.text,
          },
          c.locale,
        );
        return { ...answer, card: { type: 'raw', data: done } };
      }
      return answer;
    }
    case 'form': {
      deps.shownForms.remember(reply.form);
      const channel = originChannel ?? c.ctx.channel;
      const card = formCard(reply.form, {
        locale: c.locale,
        config: deps.core.config,
        ...(channel ? { channel } : {}),
      });
      // A form replaces the card only where nobody else sees it.
      if (replaceCard || inPrivateChat) return { card: { type: 'raw', data: card } };
      await deps.messenger.send({ type: 'open_id', id: c.openId }, { msgType: 'interactive', card });
      return toast('info', t('formSentToDm', c.locale));
    }
    case 'message':
      if (replaceCard) return { card: { type: 'raw', data: messageCard(reply.message, c.locale) } };
      await deliverPrivately(
        deps.messenger,
        reply,
        { openId: c.openId },
        { locale: c.locale, config: deps.core.config },
      );
      return toast('info', t('replySentToDm', c.locale));
    case 'messages':
      await deliverPrivately(
        deps.messenger,
        reply,
        { openId: c.openId },
        { locale: c.locale, config: deps.core.config },
      );
      return toast('info', t('replySentToDm', c.locale));
  }
}

/** A refused submission: a toast, and the same form again with the errors and what was entered. */
async function answerErrors(
  deps: HandlerDeps,
  c: Clicked,
  value: Extract<CardValue, { kind: 'submit' }>,
  errors: FieldErrors,
  formValue: unknown,
): Promise<CardAnswer> {
  const form =
    deps.shownForms.get(value.form) ??
    (value.form.kind === 'new_release' ? deps.core.newReleaseForm(c.ctx, value.form.flowId) : undefined);
  const [field, message] = Object.entries(errors)[0] ?? [];
  const label = form?.fields.find((f) => f.id === field)?.label ?? field;
  // Not saved: nothing to correct, the same form can be submitted again as it is.
  const unsaved = errors[SUBMISSION_ERROR];
  const answer = toast(
    'error',
    unsaved ??
      (message
        ? c.locale === 'zh-CN'
          ? `${t('fixErrors', c.locale)}：${label}——${message}`
          : `${t('fixErrors', c.locale)}: ${label} — ${message}`
        : t('fixErrors', c.locale)),
  );
  if (!form) return answer;
  const entered = formValue && typeof formValue === 'object' ? (formValue as Record<string, unknown>) : {};
  const card = formCard(form, {
    locale: c.locale,
    config: deps.core.config,
    errors,
    values: entered,
    ...(value.channel ? { channel: value.channel } : {}),
  });
  return { ...answer, card: { type: 'raw', data: card } };
}

/** Work that missed the 3 s answer: its card is patched in, its toast sent as a message. */
async function applyLate(deps: HandlerDeps, c: Clicked, late: CardAnswer): Promise<void> {
  if (late.card && c.messageId) await deps.messenger.patch(c.messageId, late.card.data);
  else if (late.toast)
    await deps.messenger.send(
      { type: 'open_id', id: c.openId },
      { msgType: 'text', text: late.toast.content },
    );
}

function toast(type: ToastType, content: string): CardAnswer {
  return { toast: { type, content } };
}
