import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoardApp, startBoardApp } from './support/board-app.js';
import { FEED_TOKENS } from './support/seed.js';

const DAY = 86_400_000;

/**
 * The teams' iCal feeds on golive's one listener, fetched as a calendar client does (no cookie) and read
 * with a real iCalendar parser (ical.js): one event per planned window with a stable UID, UTC times, the
 * release's number, system and version, its status and link; the freeze window; nothing of another team.
 */
describe('iCal feed per team: /calendar.ics?token=…', { timeout: 60_000 }, () => {
  let app: BoardApp;
  const now = new Date();
  // Two days ahead, 10:00–12:00 and 11:00–13:00 in Shanghai: two payments windows that clash.
  const day = new Date(now.getTime() + 2 * DAY);
  const at = (h: number) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h));
  beforeAll(async () => {
    app = await startBoardApp({ now });
    const releases = [
      [
        'U_ALICE',
        'Card vault, "v2"; C:\\path — 支付卡包改版，含退款、对账与风控规则的全面升级',
        'pay',
        2,
        4,
        'v1.2.3',
      ],
      ['U_ALICE', 'Refund API', 'pay', 3, 5, ''],
      ['U_CAROL', 'CRM export', 'crm', 2, 3, ''],
    ] as const;
    for (const [user, title, system, from, to, tag] of releases) {
      const r = await app.running.core.submit(
        { platform: 'slack', userId: user, channel: 'C_RELEASES' },
        { kind: 'new_release', flowId: 'normal' },
        {
          title,
          system,
          tester: ['U_BOB'],
          director: 'U_DAVE',
          window_start: Math.floor(at(from).getTime() / 1000),
          window_end: Math.floor(at(to).getTime() / 1000),
          ...(tag ? { repo_tag: tag } : {}),
        },
      );
      expect(r.ok).toBe(true);
    }
  });
  afterAll(() => app?.stop());

  const feed = (token?: string) =>
    fetch(`${app.base}/calendar.ics${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`);

  it('refuses a missing or wrong token with 401', async () => {
    expect((await feed()).status).toBe(401);
    expect((await feed('glc_wrong')).status).toBe(401);
    expect((await feed('')).status).toBe(401);
    // A board session is no key to it either.
    const res = await fetch(`${app.base}/calendar.ics`, { headers: { cookie: 'golive_board=anything' } });
    expect(res.status).toBe(401);
  });

  it('is a valid VCALENDAR of the team’s windows and the freeze, folded and escaped, without other teams', async () => {
    const res = await feed(FEED_TOKENS.payments);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8/);
    const text = await res.text();
    // RFC 5545 §3.1: CRLF line ends, no line longer than 75 octets.
    const lines = text.split('\r\n');
    expect(lines.filter((l) => Buffer.byteLength(l, 'utf8') > 75)).toEqual([]);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    // §3.3.11: commas, semicolons and backslashes escaped in text.
    expect(text.replace(/\r\n /g, '')).toContain(
      'SUMMARY:REL-1 pay v1.2.3 · Card vault\\, "v2"\\; C:\\\\path',
    );

    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.name).toBe('vcalendar');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('golive release calendar · Payments');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const host = new URL(app.base).host;
    const first = byUid.get(`release-REL-1@${host}`);
    expect(first?.summary).toBe(
      'REL-1 pay v1.2.3 · Card vault, "v2"; C:\\path — 支付卡包改版，含退款、对账与风控规则的全面升级',
    );
    expect(first?.startDate.toJSDate().toISOString()).toBe(at(2).toISOString());
    expect(first?.endDate.toJSDate().toISOString()).toBe(at(4).toISOString());
    // Times in UTC.
    expect(first?.startDate.zone?.tzid).toBe('UTC');
    expect(first?.description).toContain('Status: Development done, awaiting submission for test');
    expect(first?.description).toContain('Requester: Alice');
    expect(first?.description).toContain('⚠️ Overlaps REL-2 (same system)');
    expect(first?.description).toContain(`${app.base}/board/releases/REL-1`);
    expect(first?.component.getFirstPropertyValue('url')).toBe(`${app.base}/board/releases/REL-1`);
    expect(first?.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(byUid.get(`release-REL-2@${host}`)?.summary).toBe('REL-2 pay · Refund API');
    // carol's release belongs to the CRM team.
    expect(byUid.has(`release-REL-3@${host}`)).toBe(false);
    expect(text).not.toContain('CRM export');
    // The freeze window of the config (ten days ahead).
    const freeze = events.find((e) => e.summary.includes('Year-end freeze'));
    expect(freeze?.summary).toBe('❄️ Freeze: Year-end freeze');
    expect(events).toHaveLength(3);

    // The same release keeps its UID on the next fetch; the CRM feed has its own release and not these.
    const again = await (await feed(FEED_TOKENS.payments)).text();
    expect(again).toContain(`UID:release-REL-1@${host}`);
    const crm = await (await feed(FEED_TOKENS.crm)).text();
    expect(crm).toContain('CRM export');
    expect(crm).not.toContain('Refund API');
  });
});
