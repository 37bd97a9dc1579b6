import { TZDate } from '@date-fns/tz';
// One module per function: the date-fns root module loads all of its ~250 functions (~0.2 s at start-up).
import { addDays } from 'date-fns/addDays';
import { addMilliseconds } from 'date-fns/addMilliseconds';
import { getISODay } from 'date-fns/getISODay';
import { set } from 'date-fns/set';
import { dayKind, type HolidayCalendar } from '../calendar/holidays.js';
import type { WorkingHours } from '../config/schema.js';

const HOUR_MS = 3_600_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const dayKey = (day: TZDate) =>
  `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;

/**
 * Start and end of the working day that contains `day` (in the team's zone), or null on a day off: a
 * public holiday is off whatever its weekday, a make-up working day (调休) is worked whatever its weekday.
 */
function workingDay(
  day: TZDate,
  wh: WorkingHours,
  calendar?: HolidayCalendar,
): { start: TZDate; end: TZDate } | null {
  const kind = dayKind(calendar, dayKey(day));
  if (kind === 'holiday' || (kind !== 'workday' && !wh.days.includes(getISODay(day)))) return null;
  const at = (minutes: number) =>
    set(day, { hours: Math.floor(minutes / 60), minutes: minutes % 60, seconds: 0, milliseconds: 0 });
  return { start: at(minutesOf(wh.start)), end: at(minutesOf(wh.end)) };
}

/**
 * The moment `hours` working hours after `from`, counting only the team's working days and hours
 * in its time zone (a reminder set on Friday 17:00 for 2 working hours falls on Monday 10:00).
 */
export function addWorkingHours(
  from: Date,
  hours: number,
  wh: WorkingHours,
  timeZone: string,
  calendar?: HolidayCalendar,
): Date {
  let remainingMs = hours * HOUR_MS;
  let cursor = new TZDate(from.getTime(), timeZone);
  // 400 days bounds the walk even for a config with one working day a week.
  for (let i = 0; i < 400; i++) {
    const day = workingDay(cursor, wh, calendar);
    if (day && cursor < day.end) {
      const begin = new Date(Math.max(cursor.getTime(), day.start.getTime()));
      const available = day.end.getTime() - begin.getTime();
      if (remainingMs <= available) return new Date(begin.getTime() + remainingMs);
      remainingMs -= available;
    }
    cursor = set(addDays(cursor, 1), { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 });
  }
  throw new Error(`working hours ${wh.start}-${wh.end} on days ${wh.days.join(',')} leave no time to count`);
}

/** Whether `at` falls inside the team's working hours. */
export function isWorkingTime(
  at: Date,
  wh: WorkingHours,
  timeZone: string,
  calendar?: HolidayCalendar,
): boolean {
  const t = new TZDate(at.getTime(), timeZone);
  const day = workingDay(t, wh, calendar);
  return day !== null && t >= day.start && t < day.end;
}

export function addCalendarHours(from: Date, hours: number): Date {
  return addMilliseconds(from, hours * HOUR_MS);
}
