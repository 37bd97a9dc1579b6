import type { Locale } from '../../../src/i18n/text.js';
import { formatDuration, formatFull, formatInstant } from '../../../src/time/format.js';

/** Time formatting for pages, bound to the team's zone and the reader's language. */
export function timeFormat(timeZone: string, locale: Locale, now: Date) {
  return {
    short: (iso: string) => formatInstant(iso, timeZone, locale, now),
    full: (iso: string) => formatFull(iso, timeZone, locale),
    since: (iso: string) => formatDuration(now.getTime() - Date.parse(iso), locale),
    duration: (ms: number) => formatDuration(ms, locale),
  };
}
export type TimeFormat = ReturnType<typeof timeFormat>;
