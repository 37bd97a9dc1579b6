/**
 * A checker for the Feishu card JSON 2.0 golive sends. JSON 2.0 refuses unknown properties,
 * so this is a whitelist of the documented components and properties golive uses, plus the
 * platform's limits: 30 KB per card, forms only at the root, unique names inside a form, a
 * submit button in every form, and no JSON 1.0 leftovers (`action`, `note`, `elements` at the top).
 */
export const MAX_CARD_BYTES = 30 * 1024;

const TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);
const BUTTON_TYPES = new Set([
  'default',
  'primary',
  'danger',
  'text',
  'primary_text',
  'danger_text',
  'primary_filled',
  'danger_filled',
  'laser',
]);
const INTERACTIVE = new Set([
  'input',
  'select_static',
  'select_person',
  'multi_select_person',
  'picker_datetime',
  'button',
]);

const ALLOWED: Record<string, Set<string>> = {
  div: new Set(['tag', 'text']),
  markdown: new Set(['tag', 'content']),
  hr: new Set(['tag']),
  // JSON 2.0 collapsible panel: a header with a plain_text title, its elements shown when expanded.
  collapsible_panel: new Set(['tag', 'expanded', 'header', 'elements']),
  column_set: new Set(['tag', 'flex_mode', 'columns']),
  column: new Set(['tag', 'width', 'weight', 'elements']),
  button: new Set(['tag', 'text', 'type', 'behaviors', 'confirm', 'name', 'form_action_type']),
  form: new Set(['tag', 'name', 'elements']),
  input: new Set([
    'tag',
    'name',
    'required',
    'width',
    'placeholder',
    'default_value',
    'input_type',
    'rows',
    'max_length',
  ]),
  select_static: new Set(['tag', 'name', 'required', 'width', 'placeholder', 'options', 'initial_option']),
  select_person: new Set(['tag', 'name', 'required', 'width', 'placeholder', 'options', 'initial_option']),
  multi_select_person: new Set([
    'tag',
    'name',
    'required',
    'width',
    'placeholder',
    'options',
    'selected_values',
  ]),
  picker_datetime: new Set(['tag', 'name', 'required', 'width', 'placeholder', 'initial_datetime']),
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Every problem found; empty when the card is fine. */
export function checkCard(card: unknown): string[] {
  const problems: string[] = [];
  const p = (path: string, msg: string) => problems.push(`${path}: ${msg}`);
  if (!isObj(card)) return ['card is not an object'];
  extraKeys(card, new Set(['schema', 'config', 'header', 'body']), '$', p);
  if (card.schema !== '2.0') p('$.schema', 'must be "2.0"');
  const config = card.config;
  if (!isObj(config) || config.update_multi !== true) p('$.config.update_multi', 'must be true in JSON 2.0');
  else {
    extraKeys(config, new Set(['update_multi', 'summary']), '$.config', p);
    if (
      config.summary !== undefined &&
      !(isObj(config.summary) && typeof config.summary.content === 'string')
    )
      p('$.config.summary', 'must be {content}');
  }
  const header = card.header;
  if (!isObj(header)) p('$.header', 'missing');
  else {
    extraKeys(header, new Set(['title', 'template']), '$.header', p);
    plainText(header.title, '$.header.title', p, true);
    if (!TEMPLATES.has(String(header.template)))
      p('$.header.template', `unknown template ${String(header.template)}`);
  }
  const body = card.body;
  if (!isObj(body) || !Array.isArray(body.elements)) p('$.body.elements', 'must be an array');
  else {
    extraKeys(body, new Set(['elements']), '$.body', p);
    for (const [i, el] of body.elements.entries())
      element(el, `$.body.elements[${i}]`, { root: true, depth: 0 }, p);
  }
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) p('$', `card is ${bytes} bytes, over the ${MAX_CARD_BYTES} limit`);
  return problems;
}

interface Where {
  root: boolean;
  depth: number;
  form?: { names: Set<string>; submits: number };
}

function element(el: unknown, path: string, where: Where, p: (path: string, msg: string) => void): void {
  if (!isObj(el)) {
    p(path, 'element is not an object');
    return;
  }
  const tag = String(el.tag);
  const allowed = ALLOWED[tag];
  if (!allowed || tag === 'column') {
    p(path, `tag "${tag}" is not a JSON 2.0 element golive may send`);
    return;
  }
  extraKeys(el, allowed, path, p);
  if (where.depth > 5) p(path, 'nested deeper than five containers');
  if (INTERACTIVE.has(tag) && where.form && tag !== 'button') {
    const name = el.name;
    if (typeof name !== 'string' || !name) p(path, 'a form field needs a name');
    else if (where.form.names.has(name)) p(path, `name "${name}" is used twice in the form`);
    else where.form.names.add(name);
  }
  switch (tag) {
    case 'div':
      divText(el.text, `${path}.text`, p);
      return;
    case 'markdown':
      if (typeof el.content !== 'string' || !el.content) p(path, 'markdown needs content');
      return;
    case 'column_set': {
      if (!['none', 'stretch', 'flow', 'bisect', 'trisect'].includes(String(el.flex_mode)))
        p(path, 'bad flex_mode');
      if (!Array.isArray(el.columns) || !el.columns.length) {
        p(path, 'columns must be a non-empty array');
        return;
      }
      el.columns.forEach((col, i) => {
        const cp = `${path}.columns[${i}]`;
        if (!isObj(col) || col.tag !== 'column') {
          p(cp, 'must be a column');
          return;
        }
        extraKeys(col, ALLOWED.column!, cp, p);
        if (col.width !== 'auto' && col.width !== 'weighted') p(cp, 'width must be auto or weighted');
        if (
          col.width === 'weighted' &&
          !(typeof col.weight === 'number' && col.weight >= 1 && col.weight <= 5)
        )
          p(cp, 'weight must be 1–5');
        if (!Array.isArray(col.elements)) {
          p(cp, 'elements must be an array');
          return;
        }
        for (const [j, c] of col.elements.entries()) {
          element(c, `${cp}.elements[${j}]`, { ...where, root: false, depth: where.depth + 1 }, p);
        }
      });
      return;
    }
    case 'collapsible_panel': {
      if (!isObj(el.header)) p(path, 'a collapsible panel needs a header');
      else {
        extraKeys(el.header, new Set(['title']), `${path}.header`, p);
        plainText(el.header.title, `${path}.header.title`, p, true);
      }
      if (typeof el.expanded !== 'boolean') p(path, 'expanded must be true or false');
      if (!Array.isArray(el.elements)) {
        p(path, 'elements must be an array');
        return;
      }
      for (const [j, c] of el.elements.entries())
        element(c, `${path}.elements[${j}]`, { ...where, root: false, depth: where.depth + 1 }, p);
      return;
    }
    case 'form': {
      if (!where.root) p(path, 'a form may only sit at the root of the body');
      if (typeof el.name !== 'string' || !el.name) p(path, 'a form needs a name');
      if (!Array.isArray(el.elements)) {
        p(path, 'elements must be an array');
        return;
      }
      const form = { names: new Set<string>(), submits: 0 };
      for (const [j, c] of el.elements.entries()) {
        element(c, `${path}.elements[${j}]`, { root: false, depth: where.depth + 1, form }, p);
      }
      if (form.submits === 0) p(path, 'a form needs a submit button');
      return;
    }
    case 'button':
      button(el, path, where, p);
      return;
    case 'input':
      plainText(el.placeholder, `${path}.placeholder`, p, false);
      if (
        el.input_type !== undefined &&
        !['text', 'multiline_text', 'password'].includes(String(el.input_type))
      )
        p(path, 'bad input_type');
      if (el.default_value !== undefined && typeof el.default_value !== 'string')
        p(path, 'default_value must be a string');
      return;
    case 'select_static': {
      plainText(el.placeholder, `${path}.placeholder`, p, false);
      const values = options(el.options, path, p, true);
      if (el.initial_option !== undefined && !values.includes(String(el.initial_option)))
        p(path, 'initial_option is not an option');
      return;
    }
    case 'select_person':
    case 'multi_select_person': {
      plainText(el.placeholder, `${path}.placeholder`, p, false);
      const values = options(el.options, path, p, false);
      const chosen =
        tag === 'select_person'
          ? el.initial_option === undefined
            ? []
            : [el.initial_option]
          : (el.selected_values ?? []);
      if (!Array.isArray(chosen)) {
        p(path, 'selected_values must be an array');
        return;
      }
      for (const c of chosen)
        if (values.length && !values.includes(String(c)))
          p(path, `initial person ${String(c)} is not an option`);
      return;
    }
    case 'picker_datetime':
      plainText(el.placeholder, `${path}.placeholder`, p, false);
      if (
        el.initial_datetime !== undefined &&
        !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(String(el.initial_datetime))
      )
        p(path, 'initial_datetime must be "YYYY-MM-DD HH:mm"');
      return;
  }
}

function button(el: Obj, path: string, where: Where, p: (path: string, msg: string) => void): void {
  plainText(el.text, `${path}.text`, p, true);
  if (!BUTTON_TYPES.has(String(el.type))) p(path, `bad button type ${String(el.type)}`);
  if (el.form_action_type !== undefined) {
    if (!where.form) p(path, 'form_action_type outside a form');
    else if (el.form_action_type === 'submit') where.form.submits++;
    if (typeof el.name !== 'string' || !el.name) p(path, 'a form button needs a name');
  }
  if (el.behaviors !== undefined) {
    if (!Array.isArray(el.behaviors) || !el.behaviors.length) p(path, 'behaviors must be a non-empty array');
    else
      for (const b of el.behaviors) {
        if (!isObj(b) || b.type !== 'callback' || !isObj(b.value))
          p(path, 'behaviors must be callbacks with an object value');
        else extraKeys(b, new Set(['type', 'value']), `${path}.behaviors`, p);
      }
  } else if (el.form_action_type === undefined) p(path, 'a button without behaviors does nothing');
  if (el.confirm !== undefined) {
    if (!isObj(el.confirm)) {
      p(path, 'confirm must be an object');
      return;
    }
    extraKeys(el.confirm, new Set(['title', 'text']), `${path}.confirm`, p);
    plainText(el.confirm.title, `${path}.confirm.title`, p, true);
    plainText(el.confirm.text, `${path}.confirm.text`, p, true);
  }
}

function options(
  opts: unknown,
  path: string,
  p: (path: string, msg: string) => void,
  withText: boolean,
): string[] {
  if (opts === undefined && !withText) return [];
  if (!Array.isArray(opts) || !opts.length) {
    p(path, 'options must be a non-empty array');
    return [];
  }
  return opts.map((o, i) => {
    if (!isObj(o) || typeof o.value !== 'string' || !o.value)
      p(`${path}.options[${i}]`, 'needs a string value');
    else {
      extraKeys(o, new Set(withText ? ['text', 'value'] : ['value']), `${path}.options[${i}]`, p);
      if (withText) plainText(o.text, `${path}.options[${i}].text`, p, true);
    }
    return isObj(o) ? String(o.value) : '';
  });
}

function divText(t: unknown, path: string, p: (path: string, msg: string) => void): void {
  if (!isObj(t)) {
    p(path, 'missing');
    return;
  }
  extraKeys(t, new Set(['tag', 'content', 'text_size', 'text_color']), path, p);
  if (t.tag !== 'plain_text' && t.tag !== 'lark_md') p(path, 'tag must be plain_text or lark_md');
  if (typeof t.content !== 'string' || !t.content) p(path, 'content must be non-empty text');
  if (t.text_size !== undefined && !['normal', 'notation', 'heading'].includes(String(t.text_size)))
    p(path, 'bad text_size');
  if (t.text_color !== undefined && !['default', 'grey', 'red', 'green'].includes(String(t.text_color)))
    p(path, 'bad text_color');
}

function plainText(
  t: unknown,
  path: string,
  p: (path: string, msg: string) => void,
  required: boolean,
): void {
  if (t === undefined && !required) return;
  if (!isObj(t) || t.tag !== 'plain_text' || typeof t.content !== 'string' || !t.content) {
    p(path, 'must be {tag: "plain_text", content}');
    return;
  }
  extraKeys(t, new Set(['tag', 'content']), path, p);
}

function extraKeys(o: Obj, allowed: Set<string>, path: string, p: (path: string, msg: string) => void): void {
  for (const k of Object.keys(o))
    if (!allowed.has(k)) p(path, `property "${k}" is not allowed (JSON 2.0 refuses unknown properties)`);
}
