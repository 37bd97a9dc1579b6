import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDays } from 'date-fns/addDays';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type Text, textSchema } from '../i18n/text.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as "2026-02-14"');

/**
 * A holiday calendar: public holidays (days off even on a working weekday) and make-up working days
 * (调休: a weekend day worked). Files live in `calendars/` (shipped: cn-2026) or anywhere a team keeps
 * its own; `until` is the last day it knows about.
 */
export const holidayCalendarSchema = z
  .object({
    name: textSchema,
    /** Where the dates come from (the official notice). */
    source: z.string().min(1),
    until: day,
    holidays: z.array(z.object({ from: day, to: day.optional(), name: textSchema }).strict()).default([]),
    workdays: z.array(day).default([]),
  })
  .strict();
export type HolidayCalendar = z.infer<typeof holidayCalendarSchema>;

/**
 * A calendar by reference: the name of a shipped one (`cn-2026`, from `calendars/` under the working
 * directory, as `flows/` is) or a path to a YAML file of one's own.
 */
export function readHolidayCalendar(ref: string): HolidayCalendar {
  const file = /^[a-z0-9-]+$/.test(ref) ? resolve('calendars', `${ref}.yaml`) : resolve(ref);
  const raw = parseYaml(readFileSync(file, 'utf8'));
  const parsed = holidayCalendarSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `field ${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** The calendar's days as sets of "YYYY-MM-DD", built once per calendar. */
const index = new WeakMap<HolidayCalendar, { off: Set<string>; on: Set<string> }>();

function daysOf(calendar: HolidayCalendar) {
  let found = index.get(calendar);
  if (!found) {
    const off = new Set<string>();
    for (const h of calendar.holidays) {
      const last = h.to ?? h.from;
      for (let d = new Date(`${h.from}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d = addDays(d, 1))
        off.add(d.toISOString().slice(0, 10));
    }
    found = { off, on: new Set(calendar.workdays) };
    index.set(calendar, found);
  }
  return found;
}

/** What a calendar says of a day: a holiday, a make-up working day, or nothing (the week decides). */
export function dayKind(
  calendar: HolidayCalendar | undefined,
  key: string,
): 'holiday' | 'workday' | undefined {
  if (!calendar) return undefined;
  const { off, on } = daysOf(calendar);
  return off.has(key) ? 'holiday' : on.has(key) ? 'workday' : undefined;
}

/** The holiday a day falls in (its name), if the calendar has one that day. */
export function holidayOn(calendar: HolidayCalendar | undefined, key: string): Text | undefined {
  if (!calendar || dayKind(calendar, key) !== 'holiday') return undefined;
  return calendar.holidays.find((h) => h.from <= key && key <= (h.to ?? h.from))?.name;
}

/** How long before its end a holiday calendar in use is warned about (at start, and by the doctor). */
export const CALENDAR_WARN_DAYS = 60;

/** Days until the calendar runs out, from `now` (negative once it has). */
export function daysLeft(calendar: HolidayCalendar, now: Date): number {
  return Math.floor((Date.parse(`${calendar.until}T23:59:59Z`) - now.getTime()) / 86_400_000);
}
