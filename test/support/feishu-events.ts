/**
 * Feishu schema 2.0 payloads as the platform pushes them (shapes from the open-platform docs:
 * im.message.receive_v1, application.bot.menu_v6, card.action.trigger).
 */
let counter = 0;
export const newEventId = () => `ev_${Date.now().toString(36)}_${++counter}`;

function header(eventType: string, eventId: string, appId: string, token: string) {
  return {
    event_id: eventId,
    event_type: eventType,
    create_time: String(Date.now()),
    token,
    app_id: appId,
    tenant_key: 'tenant_test',
  };
}

export interface EventBase {
  appId: string;
  token: string;
  eventId?: string;
}

/** A text message to the bot; in a group `mention` adds the @-placeholder Feishu puts in. */
export function messageEvent(
  o: EventBase & {
    openId: string;
    chatId: string;
    chatType: 'p2p' | 'group';
    text: string;
    mention?: boolean;
  },
) {
  const text = o.mention ? `@_user_1 ${o.text}` : o.text;
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', o.eventId ?? newEventId(), o.appId, o.token),
    event: {
      sender: {
        sender_id: { open_id: o.openId, union_id: `on_${o.openId}`, user_id: o.openId },
        sender_type: 'user',
        tenant_key: 'tenant_test',
      },
      message: {
        message_id: `om_in_${++counter}`,
        create_time: String(Date.now()),
        chat_id: o.chatId,
        chat_type: o.chatType,
        message_type: 'text',
        content: JSON.stringify({ text }),
        ...(o.mention
          ? {
              mentions: [
                { key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'golive', tenant_key: 'tenant_test' },
              ],
            }
          : {}),
      },
    },
  };
}

export function menuEvent(o: EventBase & { openId: string; eventKey: string }) {
  return {
    schema: '2.0',
    header: header('application.bot.menu_v6', o.eventId ?? newEventId(), o.appId, o.token),
    event: {
      operator: { operator_name: o.openId, operator_id: { open_id: o.openId } },
      event_key: o.eventKey,
      timestamp: Date.now(),
    },
  };
}

/** A click on a card button (value from the card) or a form submission (with form_value). */
export function cardActionEvent(
  o: EventBase & {
    openId: string;
    value: unknown;
    messageId: string;
    chatId: string;
    formValue?: Record<string, unknown>;
  },
) {
  return {
    schema: '2.0',
    header: header('card.action.trigger', o.eventId ?? newEventId(), o.appId, o.token),
    event: {
      operator: { tenant_key: 'tenant_test', open_id: o.openId, union_id: `on_${o.openId}` },
      token: `c-${newEventId()}`,
      action: o.formValue
        ? { tag: 'button', name: 'golive_submit', value: o.value, form_value: o.formValue }
        : { tag: 'button', value: o.value },
      host: 'im_message',
      context: { open_message_id: o.messageId, open_chat_id: o.chatId },
    },
  };
}
