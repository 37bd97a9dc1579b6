/**
 * Small builders for Feishu card JSON 2.0 elements. JSON 2.0 rejects unknown properties, so
 * every element golive sends is built here and nowhere else (the card checker in the tests
 * knows exactly these shapes).
 */
export type CardElement = Record<string, unknown>;

export type Template = 'blue' | 'green' | 'orange' | 'red' | 'grey';

export interface Card2 {
  schema: '2.0';
  config: { update_multi: true; summary?: { content: string } };
  header: { title: { tag: 'plain_text'; content: string }; template: Template };
  body: { elements: CardElement[] };
}

export const plain = (content: string) => ({ tag: 'plain_text', content });

export function card(title: string, template: Template, elements: CardElement[], summary?: string): Card2 {
  return {
    schema: '2.0',
    config: summary
      ? { update_multi: true, summary: { content: clip(summary, 120) } }
      : { update_multi: true },
    header: { title: { tag: 'plain_text', content: clip(title, 200) }, template },
    body: { elements },
  };
}

/** Plain text never needs escaping, which is why user-entered text goes through it. */
export function text(
  content: string,
  style: { size?: 'normal' | 'notation'; color?: 'default' | 'grey' | 'red' | 'green' } = {},
): CardElement {
  const t: Record<string, unknown> = { tag: 'plain_text', content };
  if (style.size) t.text_size = style.size;
  if (style.color) t.text_color = style.color;
  return { tag: 'div', text: t };
}

export function markdown(content: string): CardElement {
  return { tag: 'markdown', content };
}

export const hr = (): CardElement => ({ tag: 'hr' });

/** Two columns: a grey label and its value (reads well on phones too). */
export function labelled(label: string, value: string): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    columns: [
      { tag: 'column', width: 'weighted', weight: 1, elements: [text(label, { color: 'grey' })] },
      { tag: 'column', width: 'weighted', weight: 3, elements: [text(value)] },
    ],
  };
}

/** Buttons side by side, wrapping on narrow (mobile) screens. */
export function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Link labels go into markdown: brackets would end the link early. */
export function mdLink(label: string, url: string): string | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  const safeLabel = label.replace(/[[\]()*_~`<>\\]/g, ' ').trim() || url;
  const safeUrl = url.replace(/\)/g, '%29').replace(/\(/g, '%28');
  return `[${safeLabel}](${safeUrl})`;
}
