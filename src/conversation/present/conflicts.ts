import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Conflict } from '../../calendar/conflicts.js';
import { say } from '../../i18n/say.js';
import { type Locale, localize } from '../../i18n/text.js';

const when = (iso: string, timeZone: string) =>
  format(new TZDate(Date.parse(iso), timeZone), 'yyyy-MM-dd HH:mm');

/** One line per conflict, in the reader's language: what collides, and when. */
export function conflictLines(conflicts: readonly Conflict[], locale: Locale, timeZone: string): string[] {
  return conflicts.map((c) => {
    const span = `${when(c.start, timeZone)} → ${when(c.end, timeZone)}`;
    if (c.kind === 'overlap') return say('conflict_overlap', locale, { id: c.release, title: c.title, span });
    return say(c.system ? 'conflict_system_freeze' : 'conflict_freeze', locale, {
      reason: localize(c.reason, locale),
      span,
      ...(c.system ? { system: c.system } : {}),
    });
  });
}

/** The conflicts as the requester reads them after creating (or as a form error under a blocking policy). */
export function conflictText(conflicts: readonly Conflict[], locale: Locale, timeZone: string): string {
  return [say('conflicts_found', locale), ...conflictLines(conflicts, locale, timeZone)].join('\n');
}
