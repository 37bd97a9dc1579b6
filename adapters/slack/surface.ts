import type { webApi } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { MessageRef } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import { type ChatSurface, RateLimited, type SendOptions } from '../../src/platform/port.js';
import { createAdopter, metadataOf } from './adopt.js';
import { renderMessage, type SlackMessage } from './render/message.js';

type WebClient = webApi.WebClient;

/** The ChatSurface plus a DM of an already rendered message (private answers' last resort). */
export interface SlackSurface extends ChatSurface {
  sendRenderedToUser(userId: string, rendered: SlackMessage): Promise<MessageRef>;
}

/**
 * A call Slack answered 429 (with a client that rejects rate-limited calls: outboxClientOptions)
 * becomes the core's RateLimited, with Slack's Retry-After.
 */
async function limited<T>(destination: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    const e = err as { code?: unknown; retryAfter?: unknown };
    if (e.code === ErrorCode.RateLimitedError && typeof e.retryAfter === 'number')
      throw new RateLimited(e.retryAfter * 1000, `slack:${destination}`);
    throw err;
  }
}

/**
 * The core's way to reach people on Slack: DMs through `conversations.open` + `chat.postMessage`,
 * channel posts (threaded under the status card when asked) and in-place edits with `chat.update`.
 * A MessageRef's `id` is the message `ts`, its `channel` the channel (or DM) id.
 */
export function createSlackSurface(client: WebClient, log?: Logger): SlackSurface {
  const findEarlier = createAdopter(client, log);
  // DM channel ids never change for a (bot, user) pair; remembering them halves the calls per DM.
  // Bounded and aged: user ids come from requests, and a flood of new ones must not grow it for ever.
  const dmChannels = new LRUCache<string, string>({ max: 20_000, ttl: 7 * 24 * 3_600_000 });

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const opened = await limited(userId, client.conversations.open({ users: userId }));
    const id = opened.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
    dmChannels.set(userId, id);
    return id;
  }

  async function post(
    channel: string,
    rendered: SlackMessage,
    threadTs?: string,
    send?: SendOptions,
  ): Promise<MessageRef> {
    // A post that must exist once is named in its metadata; a retry that may follow a try that went
    // through looks for it first (adopt.ts).
    const unique = send?.unique ? send : undefined;
    if (unique?.maybeSent) {
      const earlier = await limited(channel, findEarlier(channel, unique));
      if (earlier) return earlier;
    }
    const res = await limited(
      channel,
      client.chat.postMessage({
        channel,
        text: rendered.text,
        blocks: rendered.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        ...(unique ? { metadata: metadataOf(unique) } : {}),
      }),
    );
    if (!res.ts) throw new Error(`chat.postMessage to ${channel} gave no ts`);
    return { platform: 'slack', channel: res.channel ?? channel, id: res.ts };
  }

  return {
    platform: 'slack',
    async sendToUser(userId, message, send) {
      return post(await dmChannel(userId), renderMessage(message), undefined, send);
    },
    async sendRenderedToUser(userId, rendered) {
      return post(await dmChannel(userId), rendered);
    },
    sendToChannel(channel, message, thread, send) {
      return post(channel, renderMessage(message), thread?.id, send);
    },
    async update(ref, message) {
      const rendered = renderMessage(message);
      await limited(
        ref.channel,
        client.chat.update({
          channel: ref.channel,
          ts: ref.id,
          text: rendered.text,
          blocks: rendered.blocks,
        }),
      );
    },
  };
}
