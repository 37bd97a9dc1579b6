/**
 * Reads a Feishu card the way a person sees it: its title, the text on it, its buttons (with
 * the callback value a click sends back) and its form fields.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface CardButton {
  label: string;
  value: unknown;
  confirm: boolean;
  submit: boolean;
  type: string;
}

export interface CardFormField {
  name: string;
  tag: string;
  options: string[];
}

function walk(node: unknown, visit: (el: Obj) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
  } else if (isObj(node)) {
    if (typeof node.tag === 'string') visit(node);
    for (const key of ['elements', 'columns']) if (key in node) walk(node[key], visit);
  }
}

export function titleOf(card: unknown): string {
  return isObj(card) && isObj(card.header) && isObj(card.header.title)
    ? String(card.header.title.content)
    : '';
}

export function templateOf(card: unknown): string {
  return isObj(card) && isObj(card.header) ? String(card.header.template) : '';
}

/** Everything readable on the card, one piece per line. */
export function textOf(card: unknown): string {
  const parts = [titleOf(card)];
  walk(isObj(card) && isObj(card.body) ? card.body.elements : [], (el) => {
    if (el.tag === 'div' && isObj(el.text)) parts.push(String(el.text.content));
    if (el.tag === 'markdown') parts.push(String(el.content));
    if (el.tag === 'button' && isObj(el.text)) parts.push(`[${String(el.text.content)}]`);
  });
  if (isObj(card) && 'text' in card) parts.push(String(card.text));
  return parts.join('\n');
}

export function buttonsOf(card: unknown): CardButton[] {
  const out: CardButton[] = [];
  walk(isObj(card) && isObj(card.body) ? card.body.elements : [], (el) => {
    if (el.tag !== 'button') return;
    const behaviors = Array.isArray(el.behaviors) ? el.behaviors : [];
    const callback = behaviors.find((b) => isObj(b) && b.type === 'callback') as Obj | undefined;
    out.push({
      label: isObj(el.text) ? String(el.text.content) : '',
      value: callback?.value,
      confirm: el.confirm !== undefined,
      submit: el.form_action_type === 'submit',
      type: String(el.type),
    });
  });
  return out;
}

export function button(card: unknown, label: string | RegExp): CardButton {
  const found = buttonsOf(card).find((b) =>
    typeof label === 'string' ? b.label === label : label.test(b.label),
  );
  if (!found) {
    throw new Error(
      `no button ${String(label)} on card "${titleOf(card)}"; buttons: ${buttonsOf(card)
        .map((b) => b.label)
        .join(', ')}`,
    );
  }
  return found;
}

export function formFieldsOf(card: unknown): CardFormField[] {
  const out: CardFormField[] = [];
  walk(isObj(card) && isObj(card.body) ? card.body.elements : [], (el) => {
    if (typeof el.name !== 'string' || el.tag === 'button' || el.tag === 'form') return;
    const options = Array.isArray(el.options) ? el.options.map((o) => (isObj(o) ? String(o.value) : '')) : [];
    out.push({ name: el.name, tag: String(el.tag), options });
  });
  return out;
}

/** The submit button of the card's form. */
export function submitOf(card: unknown): CardButton {
  const found = buttonsOf(card).find((b) => b.submit);
  if (!found) throw new Error(`card "${titleOf(card)}" has no form`);
  return found;
}
