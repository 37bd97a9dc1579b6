import { describe, expect, it } from 'vitest';
import { act, is, newRelease, slackScenarios, unixTime } from './scenario.js';
import { visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

describe('Slack: an activity (campaign) release', () => {
  it('launches, is verified in production, and is told when the campaign ends', async () => {
    const { t, bot, slack } = await scenarios.start();
    await newRelease(slack, 'activity', {
      title: 'Double 11 coupons',
      system: 'promo',
      tester: ['U_BOB'],
      director: 'U_DAVE',
      window_start: unixTime('2026-11-25T16:00:00Z'),
      window_end: unixTime('2026-11-27T16:00:00Z'),
    });

    await slack.press('U_ALICE', act('submit_for_test'), {});
    await slack.press('U_BOB', act('report_bugs'), { bugs: 'https://zentao.example/bug/7' });
    await slack.press('U_ALICE', act('fixes_ready'), {});
    await slack.press('U_BOB', act('tests_passed'));
    await slack.press('U_BOB', act('file_test_report'), { summary: 'Coupons apply once per user' });
    await slack.press('U_ALICE', act('apply_for_launch'), {});
    await slack.press('U_DAVE', is('approve'));
    await slack.press('U_BOB', is('approve'));
    await slack.press('U_ALICE', act('launch_complete'));
    expect(slack.screen.cards('C_ANNOUNCE').some((m) => visibleText(m).includes('Double 11 coupons'))).toBe(
      true,
    );
    await slack.press('U_BOB', act('verified'));
    expect((await t.store.load('REL-1'))?.stage).toBe('campaign_running');

    // When the campaign's end time passes, the requester is told in a DM and can close it.
    const before = slack.screen.dms('U_ALICE').length;
    t.clock.set('2026-11-27T16:01:00Z');
    await t.tick();
    expect(slack.screen.dms('U_ALICE').length).toBeGreaterThan(before);
    await slack.press('U_ALICE', act('campaign_closed'));
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'done', loops: { bugs: 1 } });
    expect(bot.violations()).toEqual([]);
  });
});
