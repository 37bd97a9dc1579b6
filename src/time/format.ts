import type { Locale } from '../i18n/text.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(iso: string | Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(typeof iso === 'string' ? new Date(iso) : iso)) out[p.type] = p.value;
  return out;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An instant as people read it, in the team's zone (zh-CN-style.md): 12月2日 15:16 this year,
 * 2027年1月5日 10:00 in another; in English 2 Dec 15:16 and 5 Jan 2027 10:00.
 */
export function formatInstant(iso: string, timeZone: string, locale: Locale, now: Date): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const p = partsOf(iso, timeZone);
  const sameYear = p.year === partsOf(now, timeZone).year;
  const time = `${p.hour}:${p.minute}`;
  if (locale === 'zh-CN')
    return `${sameYear ? '' : `${p.year}年`}${Number(p.month)}月${Number(p.day)}日 ${time}`;
  const month = MONTHS_EN[Number(p.month) - 1];
  return `${Number(p.day)} ${month}${sameYear ? '' : ` ${p.year}`} ${time}`;
}

/** A day as people read it: 2026年12月2日 / 2 Dec 2026 (documents always carry the year). */
export function formatDay(iso: string, timeZone: string, locale: Locale): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const p = partsOf(iso, timeZone);
  return locale === 'zh-CN'
    ? `${p.year}年${Number(p.month)}月${Number(p.day)}日`
    : `${Number(p.day)} ${MONTHS_EN[Number(p.month) - 1]} ${p.year}`;
}

/** A full instant with the year, for documents: 2026年12月2日 15:16 / 2 Dec 2026 15:16. */
export function formatFull(iso: string, timeZone: string, locale: Locale): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const p = partsOf(iso, timeZone);
  return `${formatDay(iso, timeZone, locale)} ${p.hour}:${p.minute}`;
}

/** The time of day only: 15:16. */
export function formatClock(iso: string, timeZone: string): string {
  const p = partsOf(iso, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** A duration in the reader's words, to the largest sensible unit: 3 天 4 小时 / 3 d 4 h, 25 分钟 / 25 min. */
export function formatDuration(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const zh = locale === 'zh-CN';
  if (days)
    return zh ? `${days} 天${hours ? ` ${hours} 小时` : ''}` : `${days} d${hours ? ` ${hours} h` : ''}`;
  if (hours)
    return zh ? `${hours} 小时${mins ? ` ${mins} 分钟` : ''}` : `${hours} h${mins ? ` ${mins} min` : ''}`;
  return zh ? `${mins} 分钟` : `${mins} min`;
}

const WEEKDAYS_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAYS_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** A day with its weekday, the year only when it is not this one: 12月2日 周三 / Wed 2 Dec. */
export function formatWeekday(iso: string | Date, timeZone: string, locale: Locale, now: Date): string {
  const p = partsOf(iso, timeZone);
  const sameYear = p.year === partsOf(now, timeZone).year;
  const i = WEEKDAYS_EN.indexOf(p.weekday ?? '');
  if (locale === 'zh-CN')
    return `${sameYear ? '' : `${p.year}年`}${Number(p.month)}月${Number(p.day)}日 ${WEEKDAYS_ZH[i] ?? ''}`.trim();
  return `${p.weekday} ${Number(p.day)} ${MONTHS_EN[Number(p.month) - 1]}${sameYear ? '' : ` ${p.year}`}`;
}

/** A day without its weekday, the year only when it is not this one: 12月2日 / 2 Dec. */
export function formatShortDay(iso: string | Date, timeZone: string, locale: Locale, now: Date): string {
  const p = partsOf(iso, timeZone);
  const sameYear = p.year === partsOf(now, timeZone).year;
  if (locale === 'zh-CN') return `${sameYear ? '' : `${p.year}年`}${Number(p.month)}月${Number(p.day)}日`;
  return `${Number(p.day)} ${MONTHS_EN[Number(p.month) - 1]}${sameYear ? '' : ` ${p.year}`}`;
}

/**
 * A span of time (zh-CN-style.md): 2月1日 00:00 至 2月5日 18:00, or within one day 2月1日 10:00 至 12:00;
 * in English 1 Feb 00:00 – 5 Feb 18:00 and 1 Feb 10:00–12:00.
 */
export function formatSpan(start: string, end: string, timeZone: string, locale: Locale, now: Date): string {
  const from = formatInstant(start, timeZone, locale, now);
  const oneDay =
    partsOf(start, timeZone).day === partsOf(end, timeZone).day &&
    Date.parse(end) - Date.parse(start) < 86_400_000;
  const to = oneDay ? formatClock(end, timeZone) : formatInstant(end, timeZone, locale, now);
  if (locale === 'zh-CN') return `${from} 至 ${to}`;
  return oneDay ? `${from}–${to}` : `${from} – ${to}`;
}

const MONTH_NAMES_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A month by its number (1–12): 2026年12月 / December 2026. */
export function formatMonth(year: number | string, month: number, locale: Locale): string {
  return locale === 'zh-CN' ? `${year}年${month}月` : `${MONTH_NAMES_EN[month - 1] ?? month} ${year}`;
}
