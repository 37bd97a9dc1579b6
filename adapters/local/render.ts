import type { Message } from '../../src/conversation/model.js';

const TONE_MARK: Record<Message['tone'], string> = {
  info: 'ℹ',
  success: '✔',
  warning: '⚠',
  danger: '✖',
  neutral: '·',
};

const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

/**
 * A message as terminal text: a heading saying who it is for, the header, body, fields, links,
 * small print, then numbered buttons or the outcome that replaced them.
 */
export function renderMessage(heading: string, message: Message): string {
  const out = [`┌─ ${heading}`, `│ ${TONE_MARK[message.tone]} ${message.header}`];
  if (message.body) out.push(indent(message.body, '│   '));
  for (const f of message.fields) {
    const colon = colonAfter(f.label);
    if (f.value.includes('\n')) out.push(`│ ${f.label}${colon.trim()}`, indent(f.value, '│     '));
    else out.push(`│ ${f.label}${colon}${f.value}`);
  }
  for (const l of message.links) out.push(`│ 🔗 ${l.label}${colonAfter(l.label)}${l.url}`);
  for (const c of message.context) out.push(`│ ${c}`);
  if (message.outcome) out.push(`│ ⇒ ${message.outcome}`);
  else if (message.buttons.length) {
    const buttons = message.buttons.map((b, i) => `[${i + 1}] ${b.label}`);
    // A checklist card has many buttons: one per line keeps them readable.
    if (buttons.join('   ').length <= 100) out.push(`│ ${buttons.join('   ')}`);
    else for (const b of buttons) out.push(`│ ${b}`);
  }
  out.push('└─');
  return out.join('\n');
}

/** A Chinese label takes a full-width colon, with no space (zh-CN style); others ": ". */
function colonAfter(label: string): string {
  return /[\u3400-\u9fff]/.test(label) ? '：' : ': ';
}

/** A plain reply line, marked by its tone. */
export function renderText(text: string, tone: 'info' | 'success' | 'warning' | 'error'): string {
  const mark = tone === 'success' ? '✔' : tone === 'warning' ? '⚠' : tone === 'error' ? '✖' : 'ℹ';
  return indent(`${mark} ${text}`, '  ');
}
