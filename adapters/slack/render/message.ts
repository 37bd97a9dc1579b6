import type { Button, Message, MessageField } from '../../../src/conversation/model.js';
import { BUTTON_ACTION_PREFIX, encodeIntent } from '../button-value.js';
import type { KnownBlock, SlackButton } from './block-types.js';
import { LIMITS } from './limits.js';
import { clip, escapeMrkdwn, mrkdwn, plain } from './text.js';

const TONE_MARK: Record<Message['tone'], string> = {
  info: '🔵',
  success: '🟢',
  warning: '🟠',
  danger: '🔴',
  neutral: '⚪',
};

/** What chat.postMessage / chat.update / chat.postEphemeral take for one golive Message. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Renders a Message as Block Kit: header, body, fields, links, then either the outcome (a finished
 * card) or the buttons, and the context line last. Everything is clipped to Slack's limits so a long
 * title or comment never makes Slack refuse the whole message.
 */
export function renderMessage(message: Message): SlackMessage {
  return {
    text: clip(message.summary, LIMITS.fallbackText),
    blocks: messageBlocks(message, LIMITS.messageBlocks),
  };
}

/**
 * The blocks of one Message, at most `maxBlocks` (the buttons and outcome are kept over fields).
 * `cardKey` keeps action ids unique when several cards share one message or view.
 */
export function messageBlocks(message: Message, maxBlocks: number, cardKey = '0'): KnownBlock[] {
  const head: KnownBlock[] = [
    { type: 'header', text: plain(`${TONE_MARK[message.tone]} ${message.header}`, LIMITS.headerText) },
  ];
  const middle: KnownBlock[] = [];
  if (message.body?.trim()) middle.push({ type: 'section', text: mrkdwn(message.body, LIMITS.sectionText) });
  for (let i = 0; i < message.fields.length; i += LIMITS.sectionFields) {
    const fields = message.fields.slice(i, i + LIMITS.sectionFields).map((f) => ({
      type: 'mrkdwn' as const,
      text: clip(`*${escapeMrkdwn(f.label)}*\n${fieldValue(f)}`, LIMITS.fieldText),
    }));
    middle.push({ type: 'section', fields });
  }
  if (message.links.length > 0) {
    const text = message.links
      .map((l) => `<${l.url.replace(/[<>|]/g, '')}|${escapeMrkdwn(l.label)}>`)
      .join('  ·  ');
    middle.push({ type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } });
  }
  const tail: KnownBlock[] = [];
  if (message.outcome) {
    tail.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(message.outcome)}*`, LIMITS.sectionText) },
    });
  } else {
    tail.push(...actionBlocks(message.buttons, cardKey));
  }
  const context = message.context.filter((c) => c.trim() !== '').slice(0, LIMITS.contextElements);
  if (context.length > 0) {
    tail.push({ type: 'context', elements: context.map((c) => mrkdwn(c, LIMITS.contextText)) });
  }
  const room = Math.max(0, maxBlocks - head.length - tail.length);
  return [...head, ...middle.slice(0, room), ...tail].slice(0, maxBlocks);
}

/** A field's value; the people it names as mentions (`<@U…>`), so the channel sees who is awaited. */
function fieldValue(f: MessageField): string {
  if (!f.people?.length) return escapeMrkdwn(f.value || '—');
  return f.people
    .map((x) => (x.userId ? `<@${x.userId.replace(/[<>|]/g, '')}>` : escapeMrkdwn(x.name)))
    .join(f.separator ?? ', ');
}

function actionBlocks(buttons: Button[], cardKey: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    const elements = buttons
      .slice(i, i + LIMITS.actionsElements)
      .map((b, j) => renderButton(b, `${cardKey}.${i + j}`));
    blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

function renderButton(button: Button, key: string): SlackButton {
  const rendered: SlackButton = {
    type: 'button',
    // Unique per message or view (Slack requires it); the intent itself travels in the value.
    action_id: `${BUTTON_ACTION_PREFIX}${key}:${button.intent.command.type}`,
    text: plain(button.label, LIMITS.buttonText),
    value: encodeIntent(button.intent),
  };
  if (button.style !== 'default') rendered.style = button.style;
  if (button.confirm) {
    rendered.confirm = {
      title: plain(button.confirm.title, LIMITS.confirmTitle),
      text: plain(button.confirm.text, LIMITS.confirmText),
      confirm: plain(button.confirm.ok, LIMITS.confirmButton),
      deny: plain(button.confirm.cancel, LIMITS.confirmButton),
    };
    if (button.style === 'danger') rendered.confirm.style = 'danger';
  }
  return rendered;
}
