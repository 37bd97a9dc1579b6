import type { WebApp } from '../../src/server/http.js';
import type { CalendarFeed } from '../../src/service/calendar-feed.js';

/**
 * `GET /calendar.ics?token=…` on the shared listener: a team's iCal feed for Outlook, Google or Feishu
 * calendars to subscribe to. The token (read-only, from the config as its SHA-256) is the only key:
 * calendar clients send no cookie and no header of ours. Wrong or missing → 401.
 */
export function registerCalendarFeed(app: WebApp, feed: CalendarFeed): void {
  app.get('/calendar.ics', async (req, reply) => {
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
    const { token } = req.query as { token?: unknown };
    const scope = feed.scopeOf(typeof token === 'string' ? token : undefined);
    if (!scope)
      return reply
        .code(401)
        .type('text/plain; charset=utf-8')
        .send('A calendar token is required: /calendar.ics?token=<the team’s calendar token>.\n');
    const body = await feed.render(scope);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="golive.ics"')
      .send(body);
  });
}
