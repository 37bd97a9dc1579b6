import type { FieldErrors, Form, FormField, RawFormValues } from '../../src/conversation/model.js';
import type { Locale } from '../../src/i18n/text.js';
import { t } from './texts.js';

/** Field types whose value may span lines; at a one-line prompt ` | ` starts a new line. */
const MULTI_LINE = new Set<FormField['type']>(['textarea', 'lines', 'urls']);

/**
 * Asks a form one field per line and collects the raw answers; the core validates them on submit
 * and the fields it sends back with errors are asked again.
 */
export class FormFiller {
  private readonly values: RawFormValues = {};
  private queue: FormField[];

  constructor(
    readonly form: Form,
    private readonly locale: Locale,
  ) {
    this.queue = [...form.fields];
  }

  get done(): boolean {
    return this.queue.length === 0;
  }

  get answers(): RawFormValues {
    return { ...this.values };
  }

  /** The question for the next field. */
  question(): string {
    const f = this.queue[0];
    if (!f) return '';
    const notes: string[] = [t(this.locale, f.required ? 'required' : 'optional')];
    if (f.initial !== undefined) {
      const shown = f.options?.find((o) => o.value === f.initial)?.label ?? String(f.initial);
      notes.push(t(this.locale, 'defaultIs', { value: shown }));
    }
    if (f.type === 'select') notes.push(t(this.locale, 'pickNumber'));
    if (f.type === 'person') notes.push(t(this.locale, 'pickPerson'));
    if (f.type === 'people') notes.push(t(this.locale, 'pickPeople'));
    if (f.type === 'datetime') notes.push(t(this.locale, 'pickDate'));
    if (MULTI_LINE.has(f.type)) notes.push(t(this.locale, 'multiLine'));
    // zh-CN-style.md: full-width brackets and 、/；inside Chinese, no ASCII punctuation.
    const zh = this.locale === 'zh-CN';
    const said = zh ? `（${notes.join('；')}）` : ` (${notes.join('; ')})`;
    const lines = [`  ? ${f.label}${said}`];
    if (f.hint) lines.push(`    ${f.hint}`);
    for (const [i, o] of (f.options ?? []).entries()) lines.push(`      ${i + 1}) ${o.label}`);
    return lines.join('\n');
  }

  /** The field being asked now. */
  get current(): FormField | undefined {
    return this.queue[0];
  }

  /**
   * Takes the answer to the current field, and returns that field and the raw value it took. An empty
   * line leaves it unset (the core applies defaults).
   */
  answer(line: string): { field: FormField; value: unknown } | undefined {
    const f = this.queue.shift();
    if (!f) return undefined;
    const text = line.trim();
    if (!text) {
      delete this.values[f.id];
      return { field: f, value: undefined };
    }
    this.values[f.id] = this.read(f, text);
    return { field: f, value: this.values[f.id] };
  }

  /** Asks a field again (its answer was refused as it was entered). */
  again(field: FormField): void {
    delete this.values[field.id];
    this.queue.unshift(field);
  }

  /** Puts the fields the core refused back in the queue, in form order; returns the error lines. */
  retry(errors: FieldErrors): string[] {
    this.queue = this.form.fields.filter((f) => errors[f.id] !== undefined);
    const known = new Set(this.queue.map((f) => f.id));
    const lines = this.queue.map((f) => `  ✖ ${f.label}: ${errors[f.id]}`);
    // An error on a field the form does not show (should not happen) is still worth seeing.
    for (const [id, message] of Object.entries(errors)) if (!known.has(id)) lines.push(`  ✖ ${message}`);
    return lines;
  }

  private read(f: FormField, text: string): unknown {
    if (f.type === 'select' && f.options) {
      const n = Number(text);
      if (Number.isInteger(n) && n >= 1 && n <= f.options.length) return f.options[n - 1]?.value;
      const match = f.options.find((o) => o.value === text || o.label === text);
      return match ? match.value : text;
    }
    if (MULTI_LINE.has(f.type))
      return text
        .split('|')
        .map((s) => s.trim())
        .join('\n');
    return text;
  }
}
