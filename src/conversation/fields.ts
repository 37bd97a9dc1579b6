import { TZDate } from '@date-fns/tz';
import type { PlatformId } from '../config/schema.js';
import type { Directory } from '../domain/directory.js';
import type { FieldValue } from '../domain/types.js';
import type { FieldSpec } from '../flow/schema.js';
import { say } from '../i18n/say.js';
import type { Locale } from '../i18n/text.js';
import type { FieldErrors, RawFormValues } from './model.js';

export interface FieldReadContext {
  locale: Locale;
  platform: PlatformId;
  directory: Directory;
  timeZone: string;
}

export type FieldsResult =
  | { ok: true; values: Record<string, FieldValue> }
  | { ok: false; errors: FieldErrors };

type Read = { value?: FieldValue; error?: string };

const LIST_SPLIT = /[\n,，;；\s]+/;

function asList(raw: unknown, split: RegExp): string[] {
  const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(split) : [];
  return items.map((s) => s.trim()).filter(Boolean);
}

function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads a date/time: unix seconds or ms (Slack pickers), ISO with offset, or "YYYY-MM-DD HH:mm" in the team's zone. */
function readDateTime(raw: unknown, timeZone: string): string | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    // A number beyond the Date range (±8.64e15 ms) is no time at all, not a crash.
    const at = new Date(raw < 1e12 ? raw * 1000 : raw);
    return Number.isNaN(at.getTime()) ? null : at.toISOString();
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (/^\d{9,13}$/.test(s)) return readDateTime(Number(s), timeZone);
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(s);
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number) as [number, number, number, number, number, number];
    const at = new TZDate(y, mo - 1, d, h, mi, 0, timeZone);
    return Number.isNaN(at.getTime()) ? null : new Date(at.getTime()).toISOString();
  }
  const t = Date.parse(s);
  return /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(t) ? new Date(t).toISOString() : null;
}

function readField(f: FieldSpec, raw: unknown, ctx: FieldReadContext): Read {
  const err = (key: Parameters<typeof say>[0], params?: Record<string, string | number>) => ({
    error: say(key, ctx.locale, params),
  });
  switch (f.type) {
    case 'text':
    case 'textarea': {
      const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (typeof raw !== 'string' && typeof raw !== 'number' && raw !== undefined && raw !== null)
        return err('err_required');
      if (!s) return {};
      const max = f.maxLength ?? (f.type === 'text' ? 200 : 3000);
      return s.length > max ? err('err_too_long', { max }) : { value: s };
    }
    case 'select': {
      if (raw === undefined || raw === null || raw === '') return {};
      return f.options?.some((o) => o.value === raw) ? { value: String(raw) } : err('err_option');
    }
    case 'person':
    case 'people': {
      const ids = asList(raw, LIST_SPLIT).map((id) => id.replace(/^@/, ''));
      if (!ids.length) return {};
      if (ids.some((id) => id.length > 100)) return err('err_person');
      const people = [...new Set(ids.map((id) => ctx.directory.fromPlatform(ctx.platform, id)))];
      return f.type === 'person'
        ? people.length === 1
          ? { value: people[0] as string }
          : err('err_person')
        : { value: people };
    }
    case 'datetime': {
      if (raw === undefined || raw === null || raw === '') return {};
      const iso = readDateTime(raw, ctx.timeZone);
      return iso ? { value: iso } : err('err_date');
    }
    case 'number': {
      if (raw === undefined || raw === null || raw === '') return {};
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      if (!Number.isFinite(n)) return err('err_number');
      if (f.min !== undefined && n < f.min) return err('err_min', { min: f.min });
      if (f.max !== undefined && n > f.max) return err('err_max', { max: f.max });
      return { value: n };
    }
    case 'url': {
      const s = typeof raw === 'string' ? raw.trim() : '';
      if (!s) return {};
      return isUrl(s) && s.length <= 2000 ? { value: s } : err('err_url');
    }
    case 'urls': {
      const list = asList(raw, /[\s,，]+/);
      if (!list.length) return {};
      return list.every((u) => isUrl(u) && u.length <= 2000) && list.length <= 50
        ? { value: list }
        : err('err_url');
    }
    case 'lines': {
      const list = asList(raw, /\n+/);
      if (list.some((l) => l.length > 500)) return err('err_too_long', { max: 500 });
      return list.length ? { value: list.slice(0, 100) } : {};
    }
  }
}

/** Validates raw form input against field specs; errors come back per field in the user's language. */
export function readFields(
  fields: readonly FieldSpec[],
  raw: RawFormValues,
  ctx: FieldReadContext,
): FieldsResult {
  const values: Record<string, FieldValue> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    const input = raw[f.id] ?? f.default;
    const read = readField(f, input, ctx);
    if (read.error) errors[f.id] = read.error;
    else if (read.value !== undefined) values[f.id] = read.value;
    else if (f.required) errors[f.id] = say('err_required', ctx.locale);
  }
  const start = values.window_start;
  const end = values.window_end;
  if (typeof start === 'string' && typeof end === 'string' && end <= start && !errors.window_end)
    errors.window_end = say('err_end_before_start', ctx.locale);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}
