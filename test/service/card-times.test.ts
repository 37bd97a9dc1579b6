import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/conversation/model.js';
import { type PresentContext, shortTime } from '../../src/conversation/present/context.js';
import { createTestCore, replyText, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';

let t: TestCore;
afterEach(() => t?.stop());

/** A normal release created through the form, planned for `windowStart` (team time); its status card. */
async function statusCardFor(title: string, windowStart: string): Promise<Message> {
  const first = await t.core.command(t.as('alice'), 'new');
  if (first.kind !== 'form') throw new Error('no flow choice');
  const chose = await t.core.submit(t.as('alice'), first.form.context, { flow: 'normal' });
  if (!chose.ok || chose.reply.kind !== 'form') throw new Error('no release form');
  const made = await t.core.submit(t.as('alice'), chose.reply.form.context, {
    title,
    system: 'shop',
    tester: 'bob',
    director: 'dave',
    window_start: windowStart,
  });
  if (!made.ok) throw new Error(`refused: ${JSON.stringify(made.errors)}`);
  expect(replyText(made.reply)).toContain(title);
  await t.core.flush();
  const card = t.surface.sent.filter((s) => s.kind === 'channel' && s.message.header.endsWith(title)).at(-1);
  if (!card) throw new Error(`no status card for ${title}`);
  return card.message;
}

const field = (m: Message, label: string) => m.fields.find((f) => f.label === label)?.value;

describe.each([
  {
    locale: 'en' as const,
    window: 'Window',
    times: ['31 Dec 2026 23:00 → …', '1 Jan 00:30', '1 Jan 02:00 → …', '1 Jan 2028 10:00 → …'],
  },
  {
    locale: 'zh-CN' as const,
    window: '发布窗口',
    // zh-CN style: no leading zeros, 年月日, ranges with 至.
    times: ['2026年12月31日 23:00 至 …', '1月1日 00:30', '1月1日 02:00 至 …', '2028年1月1日 10:00 至 …'],
  },
])('card times ($locale)', ({ locale, window, times }) => {
  it("show the year only for a time outside the current year, as the team's time zone counts years", async () => {
    t = await createTestCore({ config: testConfig({ locale }) });
    // Planned on New Year's Eve (a planned time may not be past when it is entered) ...
    t.clock.set('2026-12-31T14:00:00Z');
    await statusCardFor('Year-end sale', '2026-12-31 23:00');
    // ... and read at 00:30 on 1 January 2027 in Shanghai, while UTC still has 31 December 2026.
    t.clock.set('2026-12-31T16:30:00Z');
    const status = await t.core.command(t.as('alice'), 'status REL-1');
    if (status.kind !== 'message') throw new Error('no status card');
    const lastYear = status.message;
    expect(field(lastYear, window)).toBe(times[0]);
    const thisYear = await statusCardFor('New-year sale', '2027-01-01 02:00');
    expect(thisYear.context.join(' ')).toContain(times[1]);
    expect(thisYear.context.join(' ')).not.toContain('2027');
    expect(field(thisYear, window)).toBe(times[2]);
    const nextYear = await statusCardFor('Next new year', '2028-01-01 10:00');
    expect(field(nextYear, window)).toBe(times[3]);
  });
});

describe('a card time rendered again later', () => {
  it('gains its year once the clock has moved into the next year, in the team zone', async () => {
    const config = testConfig();
    const at = (now: string) => ({ config, now: new Date(now) }) as unknown as PresentContext;
    const shown = '2026-11-24T02:00:00Z'; // 10:00 in Shanghai
    expect(shortTime(at('2026-11-24T03:00:00Z'), shown)).toBe('24 Nov 10:00');
    // 00:30 on 1 January 2027 in Shanghai: the same instant is now last year's.
    expect(shortTime(at('2026-12-31T16:30:00Z'), shown)).toBe('24 Nov 2026 10:00');
    // A minute earlier it was still 2026 there.
    expect(shortTime(at('2026-12-31T15:59:00Z'), shown)).toBe('24 Nov 10:00');
    expect(shortTime(at('2026-11-24T03:00:00Z'), 'not a time')).toBe('not a time');
  });
});
