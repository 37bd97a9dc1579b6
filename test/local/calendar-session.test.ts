import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/golive-process.js';
import { session } from './support/sessions.js';

describe('scripted local session: /release calendar', { timeout: 120_000 }, () => {
  it('prints a month with its window, holiday and make-up day, this week, and the forms a period takes', async () => {
    const { transcript, cards } = await session('calendar', join(FIXTURES, 'team-calendar.yaml'));
    const january = cards.find((c) => c.text.includes('Release calendar: January 2030'));
    expect(january?.heading).toMatch(/only|只有/);
    expect(january?.text).toContain('Planned windows: 1, no conflicts.');
    expect(january?.text).toContain('Thu 10 Jan 2030: 10:00–12:00 REL-1 shop v3.0.0 · Normal release');
    expect(january?.text).toContain("🏖️ Tue 1 Jan 2030 New Year's Day (public holiday)");
    expect(january?.text).toContain('🏢 Sat 12 Jan 2030 make-up working day');
    expect(january?.text).toMatch(/🔗 REL-1: http:\/\/localhost:\d+\/board\/releases\/REL-1/);
    expect(transcript).toContain('No planned launch windows in this period.');
    expect(transcript).toContain('⚠ Cannot read "soon" as a period.');
    const zh = cards.find((c) => c.text.includes('发布日历：2030年1月'));
    expect(zh?.text).toContain('2030年1月10日 周四：10:00 至 12:00 REL-1 shop v3.0.0 · 普通上线');
    expect(zh?.text).toContain('🏖️ 2030年1月1日 周二 元旦放假');
  });
});
