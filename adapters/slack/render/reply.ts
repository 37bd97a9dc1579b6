import type { Message } from '../../../src/conversation/model.js';
import type { Locale } from '../../../src/i18n/text.js';
import type { Reply } from '../../../src/service/api.js';
import { t } from '../texts.js';
import type { KnownBlock } from './block-types.js';
import { LIMITS } from './limits.js';
import { messageBlocks, renderMessage, type SlackMessage } from './message.js';
import { clip, mrkdwn } from './text.js';

const TONE_MARK = { info: 'ℹ️', success: '✅', warning: '⚠️', error: '⛔' } as const;

/** A short private text (an answer, a refusal) as a Slack message. */
export function renderText(text: string, tone: keyof typeof TONE_MARK): SlackMessage {
  const line = `${TONE_MARK[tone]} ${text}`;
  return {
    text: clip(line, LIMITS.fallbackText),
    blocks: [{ type: 'section', text: mrkdwn(line, LIMITS.sectionText) }],
  };
}

/**
 * Renders a non-form Reply as one Slack message. A list of cards becomes one message with dividers,
 * cut at Slack's 50 blocks with a note of how many were left out.
 */
export function renderReply(reply: Exclude<Reply, { kind: 'form' }>, locale: Locale): SlackMessage {
  if (reply.kind === 'text') return renderText(reply.text, reply.tone);
  if (reply.kind === 'message') return renderMessage(reply.message);
  if (reply.messages.length === 0) return renderText(reply.empty ?? t(locale, 'homeNothing'), 'info');
  return renderList(reply.messages, locale, LIMITS.messageBlocks, reply.more);
}

/**
 * Several cards in one message, within `maxBlocks` and Slack's payload size; what did not fit, and the
 * `more` the core left out, is counted.
 */
export function renderList(messages: Message[], locale: Locale, maxBlocks: number, more = 0): SlackMessage {
  const blocks: KnownBlock[] = [];
  let shown = 0;
  let bytes = 0;
  for (const [i, message] of messages.entries()) {
    const card = messageBlocks(message, LIMITS.messageBlocks, String(i));
    const size = Buffer.byteLength(JSON.stringify(card));
    // Keep one block free for the "n more" note.
    if (blocks.length + card.length + 2 > maxBlocks || bytes + size > LIMITS.listBytes) break;
    bytes += size;
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...card);
    shown += 1;
  }
  const left = messages.length - shown + more;
  if (left > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(t(locale, 'listMore', { n: left }), LIMITS.contextText)],
    });
  }
  const text = messages.map((m) => m.summary).join('\n');
  return { text: clip(text, LIMITS.fallbackText), blocks };
}
