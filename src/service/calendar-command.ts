import { readCalendar } from '../board/calendar.js';
import { viewerOf } from '../board/visibility.js';
import { allFreezes } from '../calendar/conflicts.js';
import { parseCalendarRange } from '../calendar/range.js';
import { calendarMessage } from '../conversation/present/calendar.js';
import type { PersonId } from '../domain/types.js';
import type { FlowSpec } from '../flow/schema.js';
import { say } from '../i18n/say.js';
import type { Locale } from '../i18n/text.js';
import type { Reply } from './api.js';
import type { CoreDeps } from './deps.js';

/**
 * `/release calendar [period]`: the week's (default), next week's or a month's planned windows as the
 * person may see them on the release board (their teams', or all for admins and teams-less configs),
 * with freezes, holidays and conflicts. A period golive cannot read is answered with the forms it takes.
 */
export async function calendarReply(
  deps: CoreDeps,
  person: PersonId,
  period: string,
  locale: Locale,
): Promise<Reply> {
  const now = deps.now();
  const range = parseCalendarRange(period, now, deps.config.timezone);
  if (!range)
    return {
      kind: 'text',
      text: say('cal_bad_range', locale, { text: period.slice(0, 60) }),
      tone: 'warning',
    };
  const cal = await readCalendar(
    deps.store,
    deps.config,
    viewerOf(deps.config, person),
    range.anchor,
    range.view,
  );
  const flows = new Map<string, FlowSpec>();
  for (const w of cal.windows) flows.set(w.release.id, await deps.flowOf(w.release));
  const board = deps.boardUrl.replace(/\/+$/, '');
  const message = calendarMessage({
    cal,
    freezes: allFreezes(deps.config),
    config: deps.config,
    directory: deps.directory,
    flows,
    locale,
    now,
    releaseUrl: (id) => `${board}/board/releases/${id}`,
  });
  return { kind: 'message', message };
}
