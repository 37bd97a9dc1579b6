import { describe, expect, it } from 'vitest';
import { testConfig } from '../support/people.js';
import { newRelease, plannedRelease, slackScenarios } from './scenario.js';

const scenarios = slackScenarios();

const CONFIG = testConfig({
  holidays: 'cn-2026',
  systems: [
    { id: 'pay', name: { 'zh-CN': '支付', en: 'Payments' }, owners: ['dave'] },
    {
      id: 'shop',
      name: { 'zh-CN': '商城', en: 'Shop' },
      freezeWindows: [
        {
          start: '2026-12-10T00:00:00+08:00',
          end: '2026-12-13T00:00:00+08:00',
          reason: { 'zh-CN': '双十二封网', en: 'Double 12 freeze' },
        },
      ],
    },
  ],
  teams: [
    { id: 'payments', name: { 'zh-CN': '支付组', en: 'Payments team' }, members: ['alice', 'bob', 'dave'] },
    { id: 'web', name: { 'zh-CN': '前端组', en: 'Web team' }, members: ['mallory'] },
  ],
});

const release = plannedRelease;

type Block = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text: string }[];
};

describe('Slack: /release calendar', () => {
  it('lists this week’s, next week’s and a month’s windows, freezes and holidays to the asker only', async () => {
    const { bot, slack } = await scenarios.start(CONFIG);
    const lastAnswer = () => {
      const call = bot.fake.callsTo('response_url').at(-1);
      expect(call?.args.response_type).toBe('ephemeral');
      return ((call?.args.blocks ?? []) as Block[])
        .flatMap((b) => [
          b.text?.text,
          ...(b.fields ?? []).map((f) => f.text),
          ...(b.elements ?? []).map((e) => e.text),
        ])
        .filter(Boolean)
        .join('\n');
    };
    // The test clock is Tuesday 24 Nov 2026, 10:00 in Shanghai.
    await newRelease(
      slack,
      'normal',
      release('Card vault', 'pay', '2026-11-25T02:00:00Z', '2026-11-25T04:00:00Z'),
    );
    await newRelease(
      slack,
      'normal',
      release('Refund API', 'pay', '2026-11-25T03:00:00Z', '2026-11-25T05:00:00Z'),
    );
    // Another team's release in the same week.
    await newRelease(
      slack,
      'normal',
      release('Landing page', 'shop', '2026-11-26T06:00:00Z', '2026-11-26T07:00:00Z'),
      'U_MALLORY',
    );
    const channelCards = slack.screen.cards('C_RELEASES').length;

    await slack.command('U_ALICE', 'calendar');
    const week = lastAnswer();
    expect(week).toContain('Release calendar: 23 Nov – 29 Nov');
    expect(week).toContain('Planned windows: 2, in conflict: 2.');
    expect(week).toContain('Wed 25 Nov');
    expect(week).toContain(
      '⚠️ 10:00–12:00 REL-1 Payments · Normal release · Development done, awaiting submission for test · Alice',
    );
    expect(week).toContain('REL-1 overlaps REL-2 (same system)');
    expect(week).toContain('REL-2 overlaps REL-1 (same system)');
    expect(week).toContain('<http://localhost:3000/board/releases/REL-1|REL-1>');
    expect(week).toContain('Time zone: Asia/Shanghai');
    // mallory's release belongs to another team.
    expect(week).not.toContain('REL-3');
    // mallory sees her own.
    await slack.command('U_MALLORY', 'calendar this week');
    expect(lastAnswer()).toContain('14:00–15:00 REL-3 Shop · Normal release');

    await slack.command('U_ALICE', 'calendar next');
    const next = lastAnswer();
    expect(next).toContain('Release calendar: 30 Nov – 6 Dec');
    expect(next).toContain('No planned launch windows in this period.');

    await slack.command('U_ALICE', 'calendar 2026-12');
    const december = lastAnswer();
    expect(december).toContain('Release calendar: December 2026');
    expect(december).toContain('❄️ 10 Dec 00:00 – 13 Dec 00:00 Double 12 freeze (Shop only)');

    await slack.command('U_ALICE', 'calendar February 2026');
    const february = lastAnswer();
    expect(february).toContain('Release calendar: February 2026');
    expect(february).toContain('🏢 Sat 14 Feb make-up working day');
    expect(february).toContain('🏖️ 15 Feb – 23 Feb Spring Festival (public holiday)');
    expect(february).toContain('🏢 Sat 28 Feb make-up working day');

    const bad = await slack.command('U_ALICE', 'calendar tomorrow');
    expect(bad.answer).toContain('Cannot read "tomorrow" as a period. Try /release calendar (this week)');
    expect((await slack.command('U_ALICE', 'help')).answer).toContain('/release calendar [next | 2026-12]');
    // Nothing of it went to the channel.
    expect(slack.screen.cards('C_RELEASES')).toHaveLength(channelCards);
    expect(bot.violations()).toEqual([]);
  });
});
