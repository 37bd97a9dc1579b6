import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { GoliveConfig } from '../../../src/config/schema.js';
import {
  type FieldErrors,
  type Form,
  type FormField,
  SUBMISSION_ERROR,
} from '../../../src/conversation/model.js';
import type { Locale } from '../../../src/i18n/text.js';
import { submitValue } from '../card-value.js';
import { t } from '../texts.js';
import { type Card2, type CardElement, card, clip, plain, text } from './elements.js';

export interface FormCardOptions {
  locale: Locale;
  config: GoliveConfig;
  /** Chat the form was asked for in: a new release's status card goes there. */
  channel?: string;
  /** Messages per field from a refused submission. */
  errors?: FieldErrors;
  /** What the person entered last time, so a refused form keeps it. */
  values?: Record<string, unknown>;
}

export const FORM_NAME = 'golive_form';
/** People listed in one person picker; beyond it a card with several pickers nears 30 KB. */
const MAX_PEOPLE = 150;
export const SUBMIT_NAME = 'golive_submit';

/**
 * Feishu has no modals: a form is a card with a `form` container whose submit button sends
 * every field back at once in `action.form_value`.
 */
export function formCard(form: Form, opts: FormCardOptions): Card2 {
  const errors = opts.errors ?? {};
  const elements: CardElement[] = [];
  const unsaved = errors[SUBMISSION_ERROR];
  if (unsaved) elements.push(text(unsaved, { color: 'red' }));
  else if (Object.keys(errors).length) elements.push(text(t('fixErrors', opts.locale), { color: 'red' }));
  const inner: CardElement[] = [];
  for (const field of form.fields) {
    inner.push(text(`${field.label}${field.required ? ' *' : ''}`));
    if (field.hint) inner.push(text(field.hint, { size: 'notation', color: 'grey' }));
    inner.push(component(field, opts, opts.values?.[field.id] ?? field.initial));
    const error = errors[field.id];
    if (error) inner.push(text(error, { size: 'notation', color: 'red' }));
  }
  inner.push({
    tag: 'button',
    name: SUBMIT_NAME,
    text: plain(clip(form.submitLabel, 40)),
    type: 'primary',
    form_action_type: 'submit',
    behaviors: [{ type: 'callback', value: submitValue(form.context, opts.channel) }],
  });
  elements.push({ tag: 'form', name: FORM_NAME, elements: inner });
  return card(form.title, Object.keys(errors).length ? 'orange' : 'blue', elements, form.title);
}

function component(field: FormField, opts: FormCardOptions, current: unknown): CardElement {
  const base = { name: field.id, required: field.required, width: 'fill' };
  const choose = plain(t('choose', opts.locale));
  switch (field.type) {
    case 'select': {
      const el: CardElement = {
        tag: 'select_static',
        ...base,
        placeholder: choose,
        options: (field.options ?? []).map((o) => ({ text: plain(clip(o.label, 60)), value: o.value })),
      };
      if (typeof current === 'string' && field.options?.some((o) => o.value === current))
        el.initial_option = current;
      return el;
    }
    case 'person': {
      const options = people(field, opts);
      const el: CardElement = { tag: 'select_person', ...base, placeholder: choose, options };
      // Feishu refuses an initial person who is not among the options.
      const initial = stringList(current)
        .map((v) => openIdOf(v, opts.config))
        .filter((id) => options.some((o) => o.value === id));
      if (initial[0]) el.initial_option = initial[0];
      return el;
    }
    case 'people': {
      const options = people(field, opts);
      const el: CardElement = { tag: 'multi_select_person', ...base, placeholder: choose, options };
      const initial = stringList(current)
        .map((v) => openIdOf(v, opts.config))
        .filter((id) => options.some((o) => o.value === id));
      if (initial.length) el.selected_values = initial;
      return el;
    }
    case 'datetime': {
      const el: CardElement = { tag: 'picker_datetime', ...base, placeholder: choose };
      const initial = pickerDatetime(current, opts.config.timezone);
      if (initial) el.initial_datetime = initial;
      return el;
    }
    default: {
      const multiline = field.type === 'textarea' || field.type === 'urls' || field.type === 'lines';
      const el: CardElement = {
        tag: 'input',
        ...base,
        placeholder: plain(
          multiline && field.type !== 'textarea' ? t('linesHint', opts.locale) : t('enter', opts.locale),
        ),
      };
      if (multiline) {
        el.input_type = 'multiline_text';
        el.rows = 3;
      }
      if (field.maxLength) el.max_length = Math.min(field.maxLength, 1000);
      const initial = Array.isArray(current) ? current.join('\n') : current;
      if (typeof initial === 'string' || typeof initial === 'number') el.default_value = String(initial);
      return el;
    }
  }
}

/**
 * Without options a person picker lists the members of the chat the card is in — in a DM only
 * the person and the bot — so it lists the configured people who have a Feishu id.
 */
function people(field: FormField, opts: FormCardOptions): { value: string }[] {
  const wanted = field.options?.map((o) => openIdOf(o.value, opts.config));
  const all = opts.config.people.flatMap((p) => (p.feishu ? [p.feishu] : []));
  const ids = wanted?.length ? wanted : all;
  // Each option costs ~30 bytes of the 30 KB card; a form may hold a few pickers.
  return [...new Set(ids)].slice(0, MAX_PEOPLE).map((value) => ({ value }));
}

function openIdOf(value: string, config: GoliveConfig): string {
  return config.people.find((p) => p.id === value)?.feishu ?? value;
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string' && v) return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [];
}

/** The picker shows "YYYY-MM-DD HH:mm" in the team's time zone. */
function pickerDatetime(v: unknown, timezone: string): string | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(v)) return v;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  return format(new TZDate(ms, timezone), 'yyyy-MM-dd HH:mm');
}
