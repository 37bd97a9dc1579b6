import { describe, expect, it, vi } from 'vitest';
import type { TestCore } from '../support/core.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { act, is, newRelease, slackScenarios } from './scenario.js';
import type { SlackDriver } from './slack-driver.js';
import { fields, header, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

const openEmergency = (slack: SlackDriver) => newRelease(slack, 'emergency', PAYMENT_HOTFIX);

const decisions = async (t: TestCore, what: string) =>
  (await t.store.events('REL-1')).filter((e) => e.what === what).map((e) => e.actor.person);

describe('Slack: an emergency release', () => {
  it('goes from /release new through executive approval and known issues to done', async () => {
    const { t, bot, slack } = await scenarios.start();
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'emergency');
    const blocks = form.view.blocks as { block_id: string; element: { type: string; options?: unknown[] } }[];
    const reason = blocks.find((b) => b.block_id === 'reason_category')!;
    expect(reason.element.type).toBe('static_select');
    expect(reason.element.options).toHaveLength(3);
    expect(blocks.find((b) => b.block_id === 'justification')?.element).toMatchObject({
      type: 'plain_text_input',
      multiline: true,
    });

    const created = await slack.submit('U_ALICE', form, PAYMENT_HOTFIX);
    expect(created.answer).toContain('Created REL-1');
    const card = slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'))!;
    // The channel sees who is awaited: a mention, not just a name.
    expect(fields(card).Awaiting).toBe('<@U_ERIN>');

    // Only an executive may approve: the director's click on Erin's button is refused privately.
    const erinApprove = slack.screen.button('U_ERIN', is('approve'))!;
    expect(erinApprove.confirm).toBeDefined();
    const refused = await slack.click('U_DAVE', erinApprove);
    expect(refused.answer).toMatch(/executive/i);
    expect((await t.store.load('REL-1'))?.stage).toBe('emergency_approval');

    await slack.press('U_ERIN', is('approve'));
    await slack.press('U_BOB', act('problems_found'), {
      problems: 'Receipt e-mail delayed\nRefund page slow',
      bugs: 'https://zentao.example/bug/41',
    });
    const ship = slack.screen.button('U_ERIN', act('ship_with_known_issues'))!;
    expect(ship.style).toBe('danger');
    expect(ship.confirm?.text).toBe('Ship with the known issues? The list is recorded.');
    await slack.press('U_ERIN', act('ship_with_known_issues'), {
      known_issues: 'Receipt e-mail delayed\nRefund page slow',
    });
    expect((await t.store.load('REL-1'))?.records.known_issues?.[0]?.values.known_issues).toEqual([
      'Receipt e-mail delayed',
      'Refund page slow',
    ]);

    await slack.press('U_BOB', act('file_test_report'), {
      summary: 'Core paths pass',
      report: 'https://wiki.example/r/41',
    });

    // Reject asks for a reason in a modal; the release goes back to the test report.
    const rejected = await slack.press('U_DAVE', is('reject'), { reason: 'Report misses the refund path' });
    expect(rejected).not.toBe('');
    expect((await t.store.load('REL-1'))?.stage).toBe('emergency_test_report');
    await slack.press('U_BOB', act('file_test_report'), { summary: 'Refund path covered too' });

    await slack.press('U_DAVE', is('approve'));
    await slack.press('U_BOB', is('approve'));
    await slack.press('U_ALICE', act('launch_complete'));
    const announcement = slack.screen.cards('C_ANNOUNCE').find((m) => visibleText(m).includes('🚀'));
    expect(announcement).toBeDefined();
    expect(fields(announcement!)).toMatchObject({ 'Production verification': 'Bob' });
    expect(visibleText(announcement!)).toContain('Hotfix payment timeout');

    await slack.press('U_BOB', act('verified'));
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'done' });
    expect(bot.violations()).toEqual([]);
  });

  it('counts one decision for a click delivered five times and for two approvers clicking at once', async () => {
    const { t, bot, slack } = await scenarios.start();
    await openEmergency(slack);

    const approve = slack.screen.button('U_ERIN', is('approve'))!;
    const click = slack.clickPayload('U_ERIN', approve);
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await slack.deliver('U_ERIN', click, i ? { num: i, reason: 'http_timeout' } : undefined));
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await decisions(t, 'approve')).toEqual(['erin']);
    // The redeliveries were recognised as the same click, not refused as a second decision.
    expect(await decisions(t, 'refused')).toEqual([]);
    expect(answers.map((a) => a.answer)).toEqual([
      expect.stringContaining('Recorded: Approve (REL-1)'),
      ...Array(4).fill(expect.stringContaining('That was already handled.')),
    ]);
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');

    await slack.press('U_BOB', act('tests_passed'));
    await slack.press('U_BOB', act('file_test_report'), { summary: 'All green' });
    const dave = slack.screen.button('U_DAVE', is('approve'))!;
    const bob = slack.screen.button('U_BOB', is('approve'))!;
    // Both sign at the same moment, and Slack delivers each click twice.
    const daveClick = slack.clickPayload('U_DAVE', dave);
    const bobClick = slack.clickPayload('U_BOB', bob);
    await Promise.all([
      slack.deliver('U_DAVE', daveClick),
      slack.deliver('U_BOB', bobClick),
      slack.deliver('U_DAVE', daveClick, { num: 1, reason: 'http_timeout' }),
      slack.deliver('U_BOB', bobClick, { num: 1, reason: 'http_timeout' }),
    ]);
    await t.core.flush();
    expect((await decisions(t, 'approve')).sort()).toEqual(['bob', 'dave', 'erin']);
    expect(await decisions(t, 'refused')).toEqual([]);
    expect((await t.store.load('REL-1'))?.stage).toBe('launch');
    expect(bot.violations()).toEqual([]);
  });

  it('refuses forged, stale and replayed clicks with 401 and changes nothing', async () => {
    const { t, bot, slack } = await scenarios.start();
    await openEmergency(slack);
    const approve = slack.screen.button('U_ERIN', is('approve'))!;
    const before = await t.store.load('REL-1');
    const callsBefore = bot.fake.calls.length;
    const payload = {
      type: 'block_actions',
      user: { id: 'U_ERIN', username: 'erin', team_id: 'T_TEST' },
      trigger_id: '9.9.trigger-forged',
      channel: { id: approve.message.channel },
      container: { type: 'message', message_ts: approve.message.ts, channel_id: approve.message.channel },
      response_url: slack.responseUrl('U_ERIN'),
      actions: [
        { type: 'button', action_id: approve.actionId, value: approve.value, action_ts: '1700009999.000001' },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const form = 'application/x-www-form-urlencoded';
    const now = Math.floor(Date.now() / 1000);
    const forged = await bot.send.raw(body, form, { timestampSec: now, signature: `v0=${'a'.repeat(64)}` });
    const stale = await bot.send.raw(body, form, { timestampSec: now - 301 });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await t.core.flush();
    expect(await t.store.load('REL-1')).toEqual(before);
    expect(bot.fake.calls.length).toBe(callsBefore);

    // The genuine delivery counts; the same bytes sent again are a replay.
    expect((await bot.send.raw(body, form, { timestampSec: now })).status).toBe(200);
    expect((await bot.send.raw(body, form, { timestampSec: now })).status).toBe(401);
    await vi.waitFor(async () => expect(await decisions(t, 'approve')).toEqual(['erin']));
    await t.core.flush();
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
    expect((await t.store.events('REL-1')).filter((e) => e.what === 'approve')).toHaveLength(1);
  });
});
