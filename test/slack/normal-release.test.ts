import { describe, expect, it } from 'vitest';
import { act, is, slackScenarios } from './scenario.js';
import { buttons, fields, header, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

describe('Slack: a normal release from /release new to done', () => {
  it('runs through the modal, DMs with buttons, the status card and the announcement', async () => {
    const { t, bot, slack } = await scenarios.start();

    // /release new opens the flow choice, picking "normal" swaps in that flow's fields.
    const opened = await slack.command('U_ALICE', 'new');
    expect(opened.modal).toBeDefined();
    const choice = opened.modal!;
    expect(JSON.stringify(choice.view.blocks)).toContain('"value":"emergency"');
    const form = await slack.chooseFlow('U_ALICE', choice, 'normal');
    const elements = Object.fromEntries(
      (form.view.blocks as { block_id: string; element: { type: string } }[]).map((b) => [
        b.block_id,
        b.element.type,
      ]),
    );
    expect(elements).toMatchObject({
      title: 'plain_text_input',
      tester: 'multi_users_select',
      director: 'users_select',
      window_start: 'datetimepicker',
      zentao: 'url_text_input',
    });

    // Invalid input comes back inline under the fields.
    const invalid = await slack.submit('U_ALICE', form, {
      system: 'shop',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    expect(JSON.parse(invalid.res.body)).toEqual({
      response_action: 'errors',
      errors: { title: 'Required' },
    });
    expect(await t.store.load('REL-1')).toBeNull();

    const created = await slack.submit('U_ALICE', form, {
      title: 'Checkout v2',
      system: 'shop',
      tester: ['U_BOB'],
      director: 'U_DAVE',
      window_start: Math.floor(Date.parse('2026-11-26T02:00:00Z') / 1000),
    });
    expect(created.answer).toContain('Created REL-1');

    // The status card is in the channel the command was typed in.
    const card = () => slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'))!;
    expect(header(card())).toBe('REL-1 · Checkout v2');
    expect(fields(card())).toMatchObject({
      Requester: 'Alice',
      Awaiting: '<@U_ALICE>',
      Window: '26 Nov 10:00 → …',
    });

    expect(await slack.press('U_ALICE', act('submit_for_test'), { build: '1.2.0' })).toContain(
      'Recorded: Submit for test',
    );
    expect(
      await slack.press('U_BOB', act('smoke_fail'), {
        reason: 'crash on login',
        bugs: 'https://zentao.example/bug/1',
      }),
    ).toContain('Smoke test failed');
    await slack.press('U_ALICE', act('submit_for_test'), {});
    await slack.press('U_BOB', act('smoke_pass'));
    await slack.press('U_BOB', act('report_bugs'), {
      bugs: 'https://zentao.example/bug/2\nhttps://zentao.example/bug/3',
      count: '2',
    });
    await slack.press('U_ALICE', act('fixes_ready'), {});
    await slack.press('U_BOB', act('tests_passed'));
    await slack.press('U_BOB', act('file_test_report'), {
      report: 'https://wiki.example/report',
      summary: 'green',
    });
    await slack.press('U_ALICE', act('apply_for_launch'), {});

    // Dave's sign-off DM: Approve asks for confirmation, Reject asks for a reason.
    const approve = slack.screen.button('U_DAVE', is('approve'))!;
    expect(approve.confirm).toMatchObject({ text: 'Approve REL-1 "Checkout v2"?' });
    expect(approve.style).toBe('primary');
    const reject = slack.screen.button('U_DAVE', is('reject'))!;
    expect(reject.style).toBe('danger');
    // The reason form is the confirmation: no dialog first.
    expect(reject.confirm).toBeUndefined();
    expect(slack.screen.button('U_ALICE', is('approve'))).toBeUndefined();

    // Refusals are private and change nothing.
    const before = await t.store.load('REL-1');
    const callsBefore = bot.fake.calls.filter((c) => c.method.startsWith('chat.')).length;
    expect((await slack.click('U_ALICE', approve)).answer).toContain('You cannot approve your own release.');
    expect((await slack.click('U_MALLORY', approve)).answer).toContain(
      'You are not an approver of this gate.',
    );
    // (The refusals are audited, so only the audit trail grows.)
    const after = await t.store.load('REL-1');
    expect({
      stage: after?.stage,
      gate: after?.gate,
      awaiting: after?.awaiting,
      status: after?.status,
    }).toEqual({
      stage: before?.stage,
      gate: before?.gate,
      awaiting: before?.awaiting,
      status: before?.status,
    });
    expect(bot.fake.calls.filter((c) => c.method.startsWith('chat.')).length).toBe(callsBefore);

    // Four working hours on, a reminder brings Dave a second copy of his card; he approves on it.
    t.clock.advanceHours(5);
    await t.tick();
    const reminded = slack.screen.button('U_DAVE', is('approve'))!;
    expect(reminded.message.ts).not.toBe(approve.message.ts);
    expect(header(reminded.message)).toContain('Reminder: REL-1 "Checkout v2" is waiting for you');
    await slack.click('U_DAVE', reminded);
    // Both copies show his decision instead of buttons, though Bob has still to sign.
    for (const ts of [approve.message.ts, reminded.message.ts]) {
      const copy = slack.screen.dms('U_DAVE').find((m) => m.ts === ts)!;
      expect(copy.edits, ts).toBeGreaterThan(0);
      expect(buttons(copy), ts).toEqual([]);
      expect(visibleText(copy), ts).toContain('✅ You approved at 24 Nov 15:00');
    }
    expect((await t.store.load('REL-1'))?.stage).toBe('sign_off');
    expect((await slack.click('U_DAVE', approve)).answer).toContain('This was already decided.');

    await slack.press('U_BOB', is('approve'));
    // The stage moved on: Dave's cards still say what he decided, and no longer "For you".
    for (const ts of [approve.message.ts, reminded.message.ts]) {
      const copy = slack.screen.dms('U_DAVE').find((m) => m.ts === ts)!;
      expect(header(copy), ts).toBe('REL-1 "Checkout v2"');
      expect(visibleText(copy), ts).toContain('✅ You approved at 24 Nov 15:00');
      expect(visibleText(copy), ts).toContain('Bob: approved → Launch');
    }
    await slack.press('U_ALICE', act('launch_complete'));

    // The launch is announced in the release's channel and the announcement channel.
    for (const channel of ['C_RELEASES', 'C_ANNOUNCE']) {
      const announcement = slack.screen.cards(channel).find((m) => visibleText(m).includes('🚀'));
      expect(announcement, channel).toBeDefined();
      expect(fields(announcement!)).toMatchObject({
        'Signed by': 'Dave, Bob',
        'Production verification': 'Bob',
      });
    }

    await slack.press('U_BOB', act('verified'));
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'done', loops: { smoke: 1, bugs: 1 } });

    // One status card, edited in place, with each event as a thread reply.
    const finalCard = card();
    expect(slack.screen.cards('C_RELEASES').filter((m) => header(m).startsWith('REL-1'))).toHaveLength(1);
    expect(finalCard.edits).toBeGreaterThan(5);
    expect(fields(finalCard).Stage).toBe('Done');
    expect(slack.screen.thread('C_RELEASES', finalCard.ts).length).toBeGreaterThan(5);

    expect(bot.violations()).toEqual([]);
  });
});
