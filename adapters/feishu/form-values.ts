import { TZDate } from '@date-fns/tz';
import type { RawFormValues } from '../../src/conversation/model.js';

const PICKER = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(?: ([+-])(\d{2}):?(\d{2}))?$/;

/**
 * `action.form_value` as the core expects raw values: person pickers already give open_ids
 * (the core maps them to people); date-time pickers give "2026-05-01 10:00 +0800", which
 * becomes ISO 8601. Everything else passes through.
 */
export function toRawValues(formValue: unknown, timezone: string): RawFormValues {
  if (!formValue || typeof formValue !== 'object' || Array.isArray(formValue)) return {};
  const out: RawFormValues = {};
  for (const [key, value] of Object.entries(formValue as Record<string, unknown>)) {
    out[key] = typeof value === 'string' ? (pickerToIso(value, timezone) ?? value) : value;
  }
  return out;
}

export function pickerToIso(value: string, timezone: string): string | undefined {
  const m = PICKER.exec(value.trim());
  if (!m) return undefined;
  const [, day, time, sign, hh, mm] = m;
  if (sign) return `${day}T${time}:00${sign}${hh}:${mm}`;
  // No offset: the team's time zone.
  const [y, mo, d] = day!.split('-').map(Number);
  const [h, mi] = time!.split(':').map(Number);
  return new TZDate(y!, mo! - 1, d!, h!, mi!, timezone).toISOString();
}
