import type { FastifyInstance } from 'fastify';
import type { BoardReader } from '../../src/board/reader.js';
import { dayKey, parseDay } from '../../src/board/weeks.js';
import { allFreezes } from '../../src/calendar/conflicts.js';
import { formatDay, formatMonth } from '../../src/time/format.js';
import { pageContext, param, sendPage } from './request.js';
import { tr } from './texts.js';
import { CalendarPage } from './views/calendar.js';
import { renderPage } from './views/page.js';

/** `/board/calendar?view=week|month&day=YYYY-MM-DD`: the week or month holding that day (default today). */
export function registerCalendar(board: FastifyInstance, reader: BoardReader): void {
  board.get('/calendar', async (req, reply) => {
    const viewer = req.viewer;
    if (!viewer) return reply.code(401).send();
    const tz = reader.config.timezone;
    const l = req.locale;
    const view = param(req, 'view') === 'week' ? 'week' : 'month';
    const now = reader.now();
    const anchor = parseDay(param(req, 'day'), tz) ?? now;
    const cal = await reader.calendar(viewer, anchor, view);
    const key = dayKey(anchor, tz);
    const shift = (days: number, months: number) => {
      if (view === 'week') return dayKey(new Date(anchor.getTime() + days * 86_400_000), tz);
      const [y, m] = key.split('-').map(Number) as [number, number];
      const month = new Date(Date.UTC(y, m - 1 + months, 1));
      return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}-01`;
    };
    const href = (v: string, day: string) => `/board/calendar?view=${v}&day=${day}`;
    const [y, m] = key.split('-');
    const heading =
      view === 'month'
        ? formatMonth(y ?? '', Number(m), l)
        : `${formatDay(cal.start.toISOString(), tz, l)} – ${formatDay(new Date(cal.end.getTime() - 1).toISOString(), tz, l)}`;
    const ctx = pageContext(req, reader, 'calendar');
    const html = renderPage(
      ctx,
      tr(l, 'calendar_title'),
      <CalendarPage
        ctx={ctx}
        cal={cal}
        freezes={allFreezes(reader.config)}
        timeZone={tz}
        heading={heading}
        today={dayKey(now, tz)}
        links={{
          previous: href(view, shift(-7, -1)),
          next: href(view, shift(7, 1)),
          today: href(view, dayKey(now, tz)),
          week: href('week', key),
          month: href('month', key),
        }}
      />,
    );
    return sendPage(reply, html);
  });
}
