import { describe, expect, it } from 'vitest';
import { parseCalendarRange } from '../../src/calendar/range.js';
import { parseCommand } from '../../src/service/parse-command.js';

const TZ = 'Asia/Shanghai';
// Thursday 3 Dec 2026, 01:00 in Shanghai (still Wednesday 2 Dec in UTC).
const NOW = new Date('2026-12-02T17:00:00Z');
const read = (text: string) => {
  const r = parseCalendarRange(text, NOW, TZ);
  return r && { view: r.view, anchor: r.anchor.toISOString() };
};

describe('/release calendar periods', () => {
  it('reads this week, next week, this and next month, in both languages', () => {
    for (const text of ['', 'week', 'this week', '本周', '这周'])
      expect(read(text)).toEqual({ view: 'week', anchor: NOW.toISOString() });
    for (const text of ['next', 'Next Week', '下周'])
      expect(read(text)).toEqual({ view: 'week', anchor: '2026-12-09T17:00:00.000Z' });
    // The month as the team's zone counts it: 1 Dec 00:00 Shanghai.
    for (const text of ['month', '本月'])
      expect(read(text)).toEqual({ view: 'month', anchor: '2026-11-30T16:00:00.000Z' });
    for (const text of ['next month', '下个月'])
      expect(read(text)).toEqual({ view: 'month', anchor: '2026-12-31T16:00:00.000Z' });
  });

  it('reads a month as 2027-02, 2027/2, 2027年2月, 2月, February 2027 or feb 2027', () => {
    for (const text of ['2027-02', '2027/2', '2027年2月', 'February 2027', 'feb 2027', 'Feb. 2027'])
      expect(read(text)).toEqual({ view: 'month', anchor: '2027-01-31T16:00:00.000Z' });
    expect(read('2月')).toEqual({ view: 'month', anchor: '2026-01-31T16:00:00.000Z' });
  });

  it('refuses anything else', () => {
    for (const text of [
      'tomorrow',
      '2026-13',
      '2026-00',
      'febuary 2026',
      'fe 2026',
      '1999-01',
      '明天',
      'next next',
    ])
      expect(read(text)).toBeUndefined();
  });

  it('is typed as /release calendar … or /release 日历 …', () => {
    expect(parseCommand('calendar next week')).toEqual({ kind: 'calendar', period: 'next week' });
    expect(parseCommand('/release 日历 2026年12月')).toEqual({ kind: 'calendar', period: '2026年12月' });
    expect(parseCommand('calendar')).toEqual({ kind: 'calendar', period: '' });
  });
});
