import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, startOfDay, startOfMonth, startOfWeek } from 'date-fns';

/** Weeks start on Monday, in the team's time zone. */
export function weekStart(at: Date, timeZone: string): TZDate {
  return startOfWeek(new TZDate(at.getTime(), timeZone), { weekStartsOn: 1 });
}

/** The `count` weeks ending with the one holding `now`, oldest first, as [start, end) instants. */
export function lastWeeks(now: Date, timeZone: string, count: number): { start: Date; end: Date }[] {
  const current = weekStart(now, timeZone);
  return Array.from({ length: count }, (_, i) => {
    const start = addWeeks(current, i - count + 1);
    return { start: new Date(start.getTime()), end: new Date(addWeeks(start, 1).getTime()) };
  });
}

/** The days of a calendar view: a week from its Monday, or the weeks covering a month (Monday first). */
export function calendarDays(
  anchor: Date,
  timeZone: string,
  view: 'week' | 'month',
): { days: Date[]; start: Date; end: Date } {
  const zoned = new TZDate(anchor.getTime(), timeZone);
  const first = view === 'week' ? weekStart(zoned, timeZone) : weekStart(startOfMonth(zoned), timeZone);
  const last =
    view === 'week'
      ? addWeeks(first, 1)
      : addWeeks(weekStart(addDays(addMonths(startOfMonth(zoned), 1), -1), timeZone), 1);
  const days: Date[] = [];
  for (let d = first; d < last; d = addDays(d, 1)) days.push(new Date(startOfDay(d).getTime()));
  return { days, start: new Date(first.getTime()), end: new Date(last.getTime()) };
}

/** The day (YYYY-MM-DD) an instant falls on in the team's zone. */
export function dayKey(at: Date | string, timeZone: string): string {
  const d = new TZDate(new Date(at).getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Midnight of a YYYY-MM-DD day in the team's zone, or undefined for anything else. */
export function parseDay(day: string | undefined, timeZone: string): Date | undefined {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  if (!m) return undefined;
  const d = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), timeZone);
  return Number.isNaN(d.getTime()) || dayKey(d, timeZone) !== day ? undefined : new Date(d.getTime());
}
