import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import { RateLimited } from '../../src/platform/port.js';
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
    const res = await limited(
      to.id,
      this.client.im.v1.message.create({
        params: { receive_id_type: to.type },
        data: { receive_id: to.id, ...encode(content), ...uuidOf(key) },
      }),
    );
    return sent('im.v1.message.create', res, to.id);
  }

  async reply(messageId: string, content: Content, inThread: boolean, key?: string): Promise<Sent> {
    const res = await limited(
      messageId,
      this.client.im.v1.message.reply({
        path: { message_id: messageId },
        data: { ...encode(content), reply_in_thread: inThread, ...uuidOf(key) },
      }),
    );
    return sent('im.v1.message.reply', res, messageId);
  }

  async patch(messageId: string, card: Card2): Promise<void> {
    const res = await limited(
      messageId,
      this.client.im.v1.message.patch({
        path: { message_id: messageId },
        data: { content: JSON.stringify(card) },
      }),
    );
    check('im.v1.message.patch', res, messageId);
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

/**
 * Feishu's rate-limit answers: 99991400 (the app's or tenant's call rate, HTTP 400 or 429) and 230020
 * (sends to one chat or person, about 5 a second). Either says when to try again in the
 * `x-ogw-ratelimit-reset` header (seconds); without it, a second.
 */
const RATE_LIMIT_CODES = new Set([99991400, 230020]);
const DEFAULT_RESET_MS = 1000;

/** A call Feishu answered with a rate limit becomes the core's RateLimited, with Feishu's reset time. */
async function limited<T>(destination: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    const res = (
      err as { response?: { status?: number; headers?: Record<string, unknown>; data?: ApiResult } }
    ).response;
    if (res && (res.status === 429 || RATE_LIMIT_CODES.has(res.data?.code ?? 0))) {
      const reset = Number(res.headers?.['x-ogw-ratelimit-reset']);
      const waitMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : DEFAULT_RESET_MS;
      throw new RateLimited(waitMs, `feishu:${destination}`);
    }
    throw err;
  }
}

function check(call: string, res: ApiResult | undefined, destination: string): void {
  if (res?.code !== undefined && RATE_LIMIT_CODES.has(res.code))
    throw new RateLimited(DEFAULT_RESET_MS, `feishu:${destination}`);
  if (!res || (res.code !== undefined && res.code !== 0)) {
    throw new Error(`Feishu ${call} failed: code ${res?.code ?? 'none'} ${res?.msg ?? ''}`.trim());
  }
}

function sent(call: string, res: ApiResult | undefined, destination: string): Sent {
  check(call, res, destination);
  const messageId = res?.data?.message_id;
  if (!messageId) throw new Error(`Feishu ${call} answered without a message_id`);
  return res?.data?.chat_id ? { messageId, chatId: res.data.chat_id } : { messageId };
}
