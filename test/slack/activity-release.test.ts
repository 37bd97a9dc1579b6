import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../support/core.js';
import { type SlackBot, startSlackBot } from './harness.js';
import { SlackDriver } from './slack-driver.js';
import { type SeenButton, visibleText } from './slack-screen.js';

const act = (id: string) => (b: SeenButton) =>
  b.intent.command.type === 'act' && b.intent.command.action === id;
const is = (type: string) => (b: SeenButton) => b.intent.command.type === type;
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

let t: TestCore;
let bot: SlackBot;
afterEach(async () => {
  await bot?.stop();
  await t?.stop();
});

describe('Slack: an activity (campaign) release', () => {
  it('launches, is verified in production, and is told when the campaign ends', async () => {
    t = await createTestCore({ platform: 'slack', attachSurface: false });
    bot = await startSlackBot(t.core);
    const slack = new SlackDriver(bot, () => t.core.flush());
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'activity');
    const made = await slack.submit('U_ALICE', form, {
      title: 'Double 11 coupons',
      system: 'promo',
      tester: ['U_BOB'],
      director: 'U_DAVE',
      window_start: at('2026-11-25T16:00:00Z'),
      window_end: at('2026-11-27T16:00:00Z'),
    });
    expect(made.answer).toContain('Created REL-1');

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
