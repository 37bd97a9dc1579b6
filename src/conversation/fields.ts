import { TZDate } from '@date-fns/tz';
import { isValid, parse, parseISO } from 'date-fns';
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
  /** Now: a planned time (a field with `plan`) must not be before it. */
  now?: Date;
  /** The time a date without one takes ("09:00", the working day's start). */
  dayStart?: string;
}

export type FieldsResult =
  | { ok: true; values: Record<string, FieldValue>; notes?: Record<string, string> }
  | { ok: false; errors: FieldErrors };

/** A field read: its value, or why not; `note` tells the person what was assumed. */
type Read = { value?: FieldValue; error?: string; note?: string };

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

/** A time read from input; `assumed` when the input gave a date only and the time was taken. */
type ReadTime = { iso: string; assumed?: string };

/** What people type for a time in the team's zone, tried in turn (strict: no rolling over). */
const LOCAL_FORMATS = ['yyyy-MM-dd HH:mm', "yyyy-MM-dd'T'HH:mm", 'yyyy/MM/dd HH:mm', 'yyyy-M-d H:mm'];
const DATE_FORMATS = ['yyyy-MM-dd', 'yyyy/MM/dd', 'yyyy-M-d'];

/** A wall-clock time in the team's zone, or null when the zone skips it (a DST gap). */
function inZone(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): string | null {
  const at = new TZDate(y, mo, d, h, mi, 0, timeZone);
  if (Number.isNaN(at.getTime())) return null;
  if (at.getFullYear() !== y || at.getMonth() !== mo || at.getDate() !== d || at.getHours() !== h)
    return null;
  return new Date(at.getTime()).toISOString();
}

/** Parses `s` by one of `formats` strictly (date-fns): "2026-02-30" and "25:61" are no dates. */
function strictParse(s: string, formats: readonly string[]): Date | null {
  for (const f of formats) {
    if (s.length !== f.replace(/'/g, '').length && !f.includes('M-d')) continue;
    const d = parse(s, f, new TZDate(0, 'UTC'));
    if (isValid(d)) return d;
  }
  return null;
}

/**
 * Reads a date/time: unix seconds or ms (Slack pickers), ISO with an offset, or a wall-clock time in
 * the team's zone ("2026-12-01 10:00"). A date alone takes the working day's start, and says so.
 */
function readDateTime(raw: unknown, ctx: FieldReadContext): ReadTime | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    // A number beyond the Date range (±8.64e15 ms) is no time at all, not a crash.
    const at = new Date(raw < 1e12 ? raw * 1000 : raw);
    return Number.isNaN(at.getTime()) ? null : { iso: at.toISOString() };
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (/^\d{9,13}$/.test(s)) return readDateTime(Number(s), ctx);
  const local = strictParse(s, LOCAL_FORMATS);
  if (local) {
    const iso = inZone(
      local.getFullYear(),
      local.getMonth(),
      local.getDate(),
      local.getHours(),
      local.getMinutes(),
      ctx.timeZone,
    );
    return iso ? { iso } : null;
  }
  const day = strictParse(s, DATE_FORMATS);
  if (day) {
    const start = ctx.dayStart ?? '09:00';
    const [h, mi] = start.split(':').map(Number) as [number, number];
    const iso = inZone(day.getFullYear(), day.getMonth(), day.getDate(), h, mi, ctx.timeZone);
    return iso ? { iso, assumed: start } : null;
  }
  // ISO 8601 with an offset or Z, checked strictly too.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const iso = parseISO(s);
  const [, mo, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [h, mi] = s.slice(11, 16).split(':').map(Number) as [number, number];
  // parseISO rolls nothing over only if every part is in range: "2026-02-30T…" must not pass.
  if (!isValid(iso) || mo < 1 || mo > 12 || d > 31 || h > 23 || mi > 59) return null;
  const check = strictParse(s.slice(0, 10), ['yyyy-MM-dd']);
  return check ? { iso: iso.toISOString() } : null;
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
      const read = readDateTime(raw, ctx);
      if (!read) return err('err_date');
      // A window's start may be past while its end is ahead (a window under way is a plan still):
      // readFields judges the start with its end; any other planned time must be ahead.
      if (f.plan && f.id !== 'window_start' && ctx.now && Date.parse(read.iso) < ctx.now.getTime())
        return err('err_date_past');
      return {
        value: read.iso,
        ...(read.assumed ? { note: say('note_time_taken', ctx.locale, { time: read.assumed }) } : {}),
      };
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
  const notes: Record<string, string> = {};
  for (const f of fields) {
    const input = raw[f.id] ?? f.default;
    const read = readField(f, input, ctx);
    if (read.error) errors[f.id] = read.error;
    else if (read.value !== undefined) values[f.id] = read.value;
    else if (f.required) errors[f.id] = say('err_required', ctx.locale);
    if (read.note && !read.error) notes[f.id] = read.note;
  }
  const start = values.window_start;
  const end = values.window_end;
  if (typeof start === 'string' && typeof end === 'string' && end <= start && !errors.window_end)
    errors.window_end = say('err_end_before_start', ctx.locale);
  const planned = fields.find((f) => f.id === 'window_start')?.plan;
  if (planned && ctx.now && typeof start === 'string' && Date.parse(start) < ctx.now.getTime())
    if (typeof end !== 'string' && !errors.window_end)
      errors.window_start = say('err_start_past', ctx.locale);
  if (Object.keys(errors).length) return { ok: false, errors };
  return Object.keys(notes).length ? { ok: true, values, notes } : { ok: true, values };
}

/**
 * One field checked as it is entered (local mode asks field by field): its error, or what was
 * understood, in the reader's words ("2026-12-01 09:00 (no time given: 09:00 taken)").
 */
export function readOneField(
  f: FieldSpec,
  raw: unknown,
  ctx: FieldReadContext,
): { ok: true; note?: string } | { ok: false; error: string } {
  const read = readField(f, raw, ctx);
  if (read.error) return { ok: false, error: read.error };
  if (read.value === undefined && f.required && f.default === undefined)
    return { ok: false, error: say('err_required', ctx.locale) };
  return read.note ? { ok: true, note: read.note } : { ok: true };
}

/** A field's value as read from what was entered, or undefined when it is empty or refused. */
export function readValue(f: FieldSpec, raw: unknown, ctx: FieldReadContext): FieldValue | undefined {
  const read = readField(f, raw, ctx);
  return read.error ? undefined : read.value;
}
