import type { Conflict } from '../../calendar/conflicts.js';
import { say } from '../../i18n/say.js';
import { type Locale, localize } from '../../i18n/text.js';
import { formatInstant } from '../../time/format.js';

/**
 * One line per conflict, in the reader's language: what collides, and when (12月1日 10:00 至 12月1日
 * 12:00 / 1 Dec 10:00 → 1 Dec 12:00, as zh-CN-style.md writes ranges; the year only when not this year).
 */
export function conflictLines(
  conflicts: readonly Conflict[],
  locale: Locale,
  timeZone: string,
  now: Date,
): string[] {
  return conflicts.map((c) => {
    const span = say('freeze_range', locale, {
      start: formatInstant(c.start, timeZone, locale, now),
      end: formatInstant(c.end, timeZone, locale, now),
    });
    if (c.kind === 'overlap') return say('conflict_overlap', locale, { id: c.release, title: c.title, span });
    return say(c.system ? 'conflict_system_freeze' : 'conflict_freeze', locale, {
      reason: localize(c.reason, locale),
      span,
      ...(c.system ? { system: c.system } : {}),
    });
  });
}

/** The conflicts as the requester reads them after creating (or as a form error under a blocking policy). */
export function conflictText(
  conflicts: readonly Conflict[],
  locale: Locale,
  timeZone: string,
  now: Date,
): string {
  return [say('conflicts_found', locale), ...conflictLines(conflicts, locale, timeZone, now)].join('\n');
}
