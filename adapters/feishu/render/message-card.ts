import type { Button, Message, MessageField } from '../../../src/conversation/model.js';
import type { Locale } from '../../../src/i18n/text.js';
import { pressValue } from '../card-value.js';
import { t } from '../texts.js';
import {
  buttonRow,
  type Card2,
  type CardElement,
  card,
  clip,
  hr,
  labelled,
  markdown,
  mdLink,
  plain,
  type Template,
  text,
} from './elements.js';

const TEMPLATE: Record<Message['tone'], Template> = {
  info: 'blue',
  success: 'green',
  warning: 'orange',
  danger: 'red',
  neutral: 'grey',
};

/** Feishu refuses cards over 30 KB; leave room for the platform's own wrapping. */
const MAX_CARD_BYTES = 28 * 1024;
const MAX_BUTTONS = 12;

interface Caps {
  body: number;
  fields: number;
  fieldValue: number;
  links: number;
}

/** Ever tighter caps, tried in turn until the card fits (a normal message fits the first). */
const CAPS: Caps[] = [
  { body: 4000, fields: 30, fieldValue: 1000, links: 20 },
  { body: 2000, fields: 20, fieldValue: 300, links: 10 },
  { body: 800, fields: 12, fieldValue: 120, links: 5 },
  { body: 200, fields: 6, fieldValue: 60, links: 2 },
];

/** A core Message as a Feishu card (JSON 2.0): status cards, action cards, announcements. */
export function messageCard(message: Message, locale: Locale): Card2 {
  let rendered = render(message, locale, CAPS[0]!);
  for (const caps of CAPS.slice(1)) {
    if (Buffer.byteLength(JSON.stringify(rendered), 'utf8') <= MAX_CARD_BYTES) break;
    rendered = render(message, locale, caps);
  }
  return rendered;
}

function render(message: Message, locale: Locale, caps: Caps): Card2 {
  const elements: CardElement[] = [];
  if (message.body) elements.push(text(clip(message.body, caps.body)));
  for (const f of message.fields.slice(0, caps.fields)) {
    elements.push(
      f.people?.length
        ? labelledMentions(clip(f.label, 60), f)
        : labelled(clip(f.label, 60), clip(f.value || '—', caps.fieldValue)),
    );
  }
  const links = message.links
    .slice(0, caps.links)
    .map((l) => mdLink(clip(l.label, 80), l.url))
    .filter((l): l is string => l !== undefined);
  if (links.length) elements.push(markdown(links.join('\n')));
  if (message.context.length)
    elements.push(text(message.context.join(' · '), { size: 'notation', color: 'grey' }));
  if (message.outcome) {
    elements.push(
      hr(),
      text(clip(message.outcome, 500), { color: message.tone === 'danger' ? 'red' : 'default' }),
    );
  } else if (message.buttons.length) {
    elements.push(hr(), buttonRow(message.buttons.slice(0, MAX_BUTTONS).map((b) => button(b, locale))));
  }
  return card(message.header, TEMPLATE[message.tone], elements, message.summary);
}

/** A field naming people: each as an `<at>` mention where they have a Feishu id, so the chat sees who is awaited. */
function labelledMentions(label: string, f: MessageField): CardElement {
  const value = (f.people ?? [])
    .map((x) => (x.userId ? `<at id=${x.userId.replace(/[^\w-]/g, '')}></at>` : escapeMarkdown(x.name)))
    .join(f.separator ?? ', ');
  return {
    tag: 'column_set',
    flex_mode: 'none',
    columns: [
      { tag: 'column', width: 'weighted', weight: 1, elements: [text(label, { color: 'grey' })] },
      { tag: 'column', width: 'weighted', weight: 3, elements: [markdown(value)] },
    ],
  };
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\*_~`[\]<>()#]/g, (c) => `\\${c}`);
}

function button(b: Button, locale: Locale): CardElement {
  const el: CardElement = {
    tag: 'button',
    text: plain(clip(b.label, 40)),
    type: b.style,
    behaviors: [{ type: 'callback', value: pressValue(b.intent) }],
  };
  const kind = b.intent.command.type;
  // A decision is asked twice on phones, where a mis-tap is easy; the core's text wins.
  if (b.confirm) {
    el.confirm = { title: plain(b.confirm.title), text: plain(b.confirm.text) };
  } else if (kind === 'approve' || kind === 'reject') {
    el.confirm = {
      title: plain(t('confirmTitle', locale)),
      text: plain(t('confirmText', locale, { label: b.label })),
    };
  }
  return el;
}
