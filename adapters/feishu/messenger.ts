import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Card2 } from './render/elements.js';

export type Content = { msgType: 'interactive'; card: Card2 } | { msgType: 'text'; text: string };

export interface Sent {
  messageId: string;
  chatId?: string;
}

/**
 * The open-API calls golive makes, on the SDK client: send (to an open_id or a chat), reply
 * under a message (thread), and patch a card in place. A non-zero `code` becomes an error
 * naming the call, so the core's outbox retries it.
 */
export class FeishuMessenger {
  constructor(private readonly client: lark.Client) {}

  /** `key` names the message across tries: Feishu creates one message per uuid within an hour. */
  async send(to: { type: 'open_id' | 'chat_id'; id: string }, content: Content, key?: string): Promise<Sent> {
    const res = await this.client.im.v1.message.create({
      params: { receive_id_type: to.type },
      data: { receive_id: to.id, ...encode(content), ...uuidOf(key) },
    });
    return sent('im.v1.message.create', res);
  }

  async reply(messageId: string, content: Content, inThread: boolean, key?: string): Promise<Sent> {
    const res = await this.client.im.v1.message.reply({
      path: { message_id: messageId },
      data: { ...encode(content), reply_in_thread: inThread, ...uuidOf(key) },
    });
    return sent('im.v1.message.reply', res);
  }

  async patch(messageId: string, card: Card2): Promise<void> {
    const res = await this.client.im.v1.message.patch({
      path: { message_id: messageId },
      data: { content: JSON.stringify(card) },
    });
    check('im.v1.message.patch', res);
  }
}

/**
 * Feishu's de-duplication key for a create or reply (at most 50 characters; a repeat within an hour
 * answers with the message the first one created): a digest of the message's name, shaped as a UUID.
 */
export function uuidOf(key: string | undefined): { uuid?: string } {
  if (key === undefined) return {};
  const h = createHash('sha256').update(key).digest('hex');
  return {
    uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`,
  };
}

function encode(content: Content): { msg_type: string; content: string } {
  return content.msgType === 'text'
    ? { msg_type: 'text', content: JSON.stringify({ text: content.text }) }
    : { msg_type: 'interactive', content: JSON.stringify(content.card) };
}

interface ApiResult {
  code?: number;
  msg?: string;
  data?: { message_id?: string; chat_id?: string };
}

function check(call: string, res: ApiResult | undefined): void {
  if (!res || (res.code !== undefined && res.code !== 0)) {
    throw new Error(`Feishu ${call} failed: code ${res?.code ?? 'none'} ${res?.msg ?? ''}`.trim());
  }
}

function sent(call: string, res: ApiResult | undefined): Sent {
  check(call, res);
  const messageId = res?.data?.message_id;
  if (!messageId) throw new Error(`Feishu ${call} answered without a message_id`);
  return res?.data?.chat_id ? { messageId, chatId: res.data.chat_id } : { messageId };
}
