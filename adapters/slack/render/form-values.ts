import type { RawFormValues } from '../../../src/conversation/model.js';
import type { FormMetadata } from './form.js';

/** One element's state in `view.state.values` as Slack sends it. */
interface ElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_user?: string | null;
  selected_users?: string[];
  selected_date_time?: number | null;
  selected_date?: string | null;
}

export type ViewStateValues = Record<string, Record<string, ElementState>>;

/**
 * Turns a submitted modal's state into the raw values the core validates: text as typed, lists one
 * per line, user ids for people, ISO times for date-times, numbers for number inputs. Empty inputs
 * are left out so the core reports missing required fields in the user's language.
 */
export function readFormValues(state: ViewStateValues, meta: FormMetadata): RawFormValues {
  const values: RawFormValues = {};
  const lists = new Set(meta.ls ?? []);
  for (const [fieldId, actions] of Object.entries(state)) {
    for (const el of Object.values(actions)) {
      const value = elementValue(el, lists.has(fieldId));
      if (value !== undefined) values[fieldId] = value;
    }
  }
  return values;
}

function elementValue(el: ElementState, isList: boolean): unknown {
  switch (el.type) {
    case 'static_select':
      return el.selected_option?.value ?? undefined;
    case 'users_select':
      return el.selected_user ?? undefined;
    case 'multi_users_select':
      return el.selected_users?.length ? el.selected_users : undefined;
    case 'datetimepicker':
      return typeof el.selected_date_time === 'number'
        ? new Date(el.selected_date_time * 1000).toISOString()
        : undefined;
    case 'datepicker':
      return el.selected_date ?? undefined;
    case 'number_input': {
      if (el.value === null || el.value === undefined || el.value === '') return undefined;
      const n = Number(el.value);
      return Number.isNaN(n) ? el.value : n;
    }
    default: {
      if (typeof el.value !== 'string' || el.value.trim() === '') return undefined;
      if (!isList) return el.value;
      return el.value
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
    }
  }
}
