import type { webApi } from '@slack/bolt';
import type { MessageRef } from '../../src/domain/types.js';
import type { ChatSurface } from '../../src/platform/port.js';
import { renderMessage, type SlackMessage } from './render/message.js';

type WebClient = webApi.WebClient;

/** The ChatSurface plus a DM of an already rendered message (private answers' last resort). */
export interface SlackSurface extends ChatSurface {
  sendRenderedToUser(userId: string, rendered: SlackMessage): Promise<MessageRef>;
  /** Edits a message with an already rendered version. */
  updateRendered(channel: string, ts: string, rendered: SlackMessage): Promise<void>;
  /** What the bot last put in a message it sent, while it is remembered (recent messages only). */
  shown(channel: string, ts: string): SlackMessage | undefined;
}

/** How many sent messages are remembered for closing a card after a modal (Slack does not say). */
const REMEMBERED_MESSAGES = 2000;

/**
 * The core's way to reach people on Slack: DMs through `conversations.open` + `chat.postMessage`,
 * channel posts (threaded under the status card when asked) and in-place edits with `chat.update`.
 * A MessageRef's `id` is the message `ts`, its `channel` the channel (or DM) id.
 */
export function createSlackSurface(client: WebClient): SlackSurface {
  // DM channel ids never change for a (bot, user) pair; remembering them halves the calls per DM.
  const dmChannels = new Map<string, string>();

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const opened = await client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
    dmChannels.set(userId, id);
    return id;
  }

  // A modal submit does not carry the message its button sat on; this recalls it to close the card.
  const recent = new Map<string, SlackMessage>();
  function remember(channel: string, ts: string, rendered: SlackMessage): void {
    const key = `${channel} ${ts}`;
    recent.delete(key);
    recent.set(key, rendered);
    for (const oldest of recent.keys()) {
      if (recent.size <= REMEMBERED_MESSAGES) break;
      recent.delete(oldest);
    }
  }

  async function post(channel: string, rendered: SlackMessage, threadTs?: string): Promise<MessageRef> {
    const res = await client.chat.postMessage({
      channel,
      text: rendered.text,
      blocks: rendered.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
    });
    if (!res.ts) throw new Error(`chat.postMessage to ${channel} gave no ts`);
    const ref: MessageRef = { platform: 'slack', channel: res.channel ?? channel, id: res.ts };
    remember(ref.channel, ref.id, rendered);
    return ref;
  }

  async function updateRendered(channel: string, ts: string, rendered: SlackMessage): Promise<void> {
    await client.chat.update({ channel, ts, text: rendered.text, blocks: rendered.blocks });
    remember(channel, ts, rendered);
  }

  return {
    platform: 'slack',
    async sendToUser(userId, message) {
      return post(await dmChannel(userId), renderMessage(message));
    },
    async sendRenderedToUser(userId, rendered) {
      return post(await dmChannel(userId), rendered);
    },
    sendToChannel(channel, message, thread) {
      return post(channel, renderMessage(message), thread?.id);
    },
    async update(ref, message) {
      const rendered = renderMessage(message);
      await updateRendered(ref.channel, ref.id, rendered);
    },
    updateRendered,
    shown(channel, ts) {
      return recent.get(`${channel} ${ts}`);
    },
  };
}
