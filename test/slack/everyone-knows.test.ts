import { describe, expect, it } from 'vitest';
import { emergencyWithCc } from '../support/cc-flows.js';
import { act, is, newRelease, slackScenarios } from './scenario.js';
import { buttons, header, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

describe('Slack: everyone who should know, knows', () => {
  it('tells an approver whose approval a rejection or a send-back resets, and copies CC people without buttons', async () => {
    const { t, bot, slack } = await scenarios.start(undefined, undefined, emergencyWithCc());
    await newRelease(slack, 'emergency', {
      title: 'Payments hotfix',
      system: 'pay',
      reason_category: 'severe_bug',
      justification: 'Payments fail for two banks.',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    await slack.press('U_ERIN', is('approve'));
    // 抄送 for the whole flow: Bella is told of the executive's approval, with nothing to press.
    const copied = slack.screen.dms('U_BELLA');
    expect(copied.map(header)).toEqual(['CC: REL-1 "Payments hotfix" — Erin: approved']);
    expect(buttons(copied[0]!)).toEqual([]);
    expect(visibleText(copied[0]!)).toContain('Nothing is asked of you.');

    await slack.press('U_BOB', act('tests_passed'));
    await slack.press('U_BOB', act('file_test_report'), { summary: 'All green' });
    await slack.press('U_DAVE', is('approve'));
    // The sign-off's own CC (Mallory) and the flow's (Bella) are both told.
    expect(slack.screen.dms('U_MALLORY').map(header)).toEqual([
      'CC: REL-1 "Payments hotfix" — Dave: approved',
    ]);
    expect(slack.screen.dms('U_BELLA').at(-1)).toBeDefined();
    expect(header(slack.screen.dms('U_BELLA').at(-1)!)).toBe('CC: REL-1 "Payments hotfix" — Dave: approved');

    // Bob rejects: Dave's approval no longer counts, and Dave is told so — not just a quietly edited card.
    const daveBefore = slack.screen.dms('U_DAVE').length;
    await slack.press('U_BOB', is('reject'), { reason: 'Refunds still fail on bank B' });
    const told = slack.screen.dms('U_DAVE').slice(daveBefore);
    expect(told.map(header)).toEqual([
      'Your approval of REL-1 "Payments hotfix" no longer counts: Bob rejected it',
    ]);
    expect(visibleText(told[0]!)).toContain('Reason: Refunds still fail on bank B');
    expect(visibleText(told[0]!)).toMatch(
      /You will be asked again when it reaches .*Sign-off by director and tester.* again\./,
    );
    expect(buttons(told[0]!)).toEqual([]);
    expect(header(slack.screen.dms('U_MALLORY').at(-1)!)).toBe('CC: REL-1 "Payments hotfix" — Bob: rejected');

    // Both sign again; then the requester sends it back from the launch: both approvals are reset.
    await slack.press('U_BOB', act('file_test_report'), { summary: 'Refunds fixed' });
    await slack.press('U_DAVE', is('approve'));
    await slack.press('U_BOB', is('approve'));
    expect((await t.store.load('REL-1'))?.stage).toBe('launch');
    const before = { dave: slack.screen.dms('U_DAVE').length, bob: slack.screen.dms('U_BOB').length };
    await slack.press('U_ALICE', is('send_back'), {
      to: 'emergency_test_report',
      reason: 'Wrong build tagged',
    });
    for (const [user, n] of [
      ['U_DAVE', before.dave],
      ['U_BOB', before.bob],
    ] as const)
      expect(slack.screen.dms(user).slice(n).map(header), user).toContain(
        'Your approval of REL-1 "Payments hotfix" no longer counts: Alice sent it back',
      );
    expect(bot.violations()).toEqual([]);
  });
});
