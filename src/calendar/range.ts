import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { startOfMonth } from 'date-fns/startOfMonth';

/** The period `/release calendar` shows: a week (Monday first) or a month, by a day inside it. */
export interface CalendarRange {
  view: 'week' | 'month';
  anchor: Date;
}

const THIS_WEEK = new Set(['', 'week', 'this', 'this week', '本周', '这周', '本星期', '这个星期']);
const NEXT_WEEK = new Set(['next', 'next week', '下周', '下星期', '下个星期']);
const THIS_MONTH = new Set(['month', 'this month', '本月', '这个月']);
const NEXT_MONTH = new Set(['next month', '下月', '下个月']);
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Reads the words after `/release calendar`: nothing or `week` (this week), `next` (next week), `month`
 * or `next month`, or a month as `2026-12`, `2026/12`, `2026年12月`, `12月` (this year), `December 2026`
 * or `dec 2026`; the Chinese words 本周, 下周, 本月, 下个月 too. Undefined for anything else.
 */
export function parseCalendarRange(text: string, now: Date, timeZone: string): CalendarRange | undefined {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (THIS_WEEK.has(words)) return { view: 'week', anchor: now };
  if (NEXT_WEEK.has(words))
    return { view: 'week', anchor: new Date(addDays(new TZDate(now.getTime(), timeZone), 7).getTime()) };
  const thisMonth = startOfMonth(new TZDate(now.getTime(), timeZone));
  if (THIS_MONTH.has(words)) return { view: 'month', anchor: new Date(thisMonth.getTime()) };
  if (NEXT_MONTH.has(words)) return { view: 'month', anchor: new Date(addMonths(thisMonth, 1).getTime()) };
  const numeric =
    /^(\d{4})\s*[-/年]\s*(\d{1,2})\s*月?$/.exec(words) ?? /^()(\d{1,2})\s*月$/.exec(words) ?? undefined;
  const named = /^([a-z]{3,9})\.?,? (\d{4})$/.exec(words);
  let year: number | undefined;
  let month: number | undefined;
  if (numeric) {
    year = numeric[1] ? Number(numeric[1]) : thisMonth.getFullYear();
    month = Number(numeric[2]);
  } else if (named?.[1]) {
    const word = named[1];
    const i = MONTH_NAMES.findIndex((m) => m.slice(0, 3) === word.slice(0, 3));
    // "dec" or "december" (or any start of its name from three letters on), nothing else.
    if (i >= 0 && MONTH_NAMES[i]?.startsWith(word)) {
      year = Number(named[2]);
      month = i + 1;
    }
  }
  if (year === undefined || month === undefined || month < 1 || month > 12 || year < 2000 || year > 2100)
    return undefined;
  return { view: 'month', anchor: new Date(new TZDate(year, month - 1, 1, timeZone).getTime()) };
}
