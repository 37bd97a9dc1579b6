import { describe, expect, it } from 'vitest';
import { act, is, newRelease, slackScenarios } from './scenario.js';
import { buttons, fields, header, type SeenButton, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

const JUSTIFICATION =
  'Payments fail for every card issued by two banks since the 09:00 deploy; about 30% of checkouts are lost. ' +
  'The fix reverts the tokeniser change and adds a retry. Rolled out to one node first, then all of them. ' +
  'Customer support has a banner up; finance asked for the fix before the evening peak, which starts at 18:00.';

describe('Slack: the people deciding see what they decide', () => {
  it("the executive's emergency card shows the reason and the justification, and the push text says what is asked", async () => {
    const { t, bot, slack } = await scenarios.start();
    await newRelease(slack, 'emergency', {
      title: 'Payments hotfix',
      system: 'pay',
      reason_category: 'severe_bug',
      justification: JUSTIFICATION,
      tester: ['U_BOB'],
      director: 'U_DAVE',
      zentao: 'https://zentao.example/bug/42',
    });
    const card = slack.screen.dms('U_ERIN').at(-1)!;
    // What a locked phone shows: the ask, the release and the gist — not "For you: REL-1".
    expect(card.text).toMatch(
      /^Approve REL-1 "Payments hotfix" — Severe production bug: Payments fail for every card issued by two banks/,
    );
    expect(card.text.length).toBeLessThan(200);
    const shown = fields(card);
    expect(shown['Reason for the emergency']).toBe('Severe production bug');
    expect(shown.Justification).toMatch(/^Payments fail for every card .*…$/s);
    expect(shown['Technical director']).toBe('Dave');
    // The link is labelled by its field, not its id.
    expect(visibleText(card)).toContain('|ZenTao link>');
    expect(visibleText(card)).not.toContain('|zentao>');

    // The justification was clipped: Details opens a modal with all of it.
    const details = buttons(card).find((b) => b.intent.command.type === 'details')!;
    expect(details.label).toBe('Details');
    const opened = await slack.click('U_ERIN', details);
    expect(opened.modal).toBeDefined();
    const modal = opened.modal!.view as { title: { text: string }; blocks: unknown[] };
    expect(modal.title.text).toBe('REL-1 details');
    expect(JSON.stringify(modal.blocks)).toContain('before the evening peak, which starts at 18:00.');
    expect((await t.store.load('REL-1'))?.stage).toBe('emergency_approval');

    // Approve with a comment (审批意见): the comment is in the status thread and the audit trail.
    const withComment = (b: SeenButton) =>
      b.intent.command.type === 'approve' && 'withComment' in b.intent.command;
    await slack.press('U_ERIN', withComment, { comment: 'Go, watch the error rate' });
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
    const approved = (await t.store.events('REL-1')).find((e) => e.what === 'approve')!;
    expect(approved.comment).toBe('Go, watch the error rate');
    const status = slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'))!;
    expect(slack.screen.thread('C_RELEASES', status.ts).map(visibleText).join('\n')).toContain(
      'Erin: approved — Go, watch the error rate',
    );
    const erinCard = slack.screen.dms('U_ERIN').find((m) => m.ts === card.ts)!;
    expect(visibleText(erinCard)).toContain('✅ You approved at');
    expect(visibleText(erinCard)).toContain('Go, watch the error rate');

    // The tester's problems reach the executive who decides on them.
    await slack.press('U_BOB', act('problems_found'), {
      problems: 'Receipt e-mail arrives late\nRefund page shows the old logo',
      bugs: 'https://zentao.example/bug/43\nhttps://zentao.example/bug/44',
    });
    const decide = slack.screen.dms('U_ERIN').at(-1)!;
    expect(decide.text).toMatch(/REL-1/);
    expect(fields(decide).Problems).toBe('• Receipt e-mail arrives late\n• Refund page shows the old logo');
    expect(fields(decide).Loops).toContain('bug loops 1');
    // Two bugs, two links an approver can tell apart (a link shows only its label).
    expect(visibleText(decide)).toContain('<https://zentao.example/bug/43|ZenTao bug links 1>');
    expect(visibleText(decide)).toContain('<https://zentao.example/bug/44|ZenTao bug links 2>');
    await slack.press('U_ERIN', act('ship_with_known_issues'), {
      known_issues: 'Receipt e-mail arrives late',
    });

    // The director signs the test summary, not a bare link.
    await slack.press('U_BOB', act('file_test_report'), {
      summary: 'Payments pass on both banks; 2 known issues',
      report: 'https://wiki.example/payments/report',
    });
    const sign = slack.screen.dms('U_DAVE').at(-1)!;
    expect(sign.text).toMatch(/^Approve REL-1 "Payments hotfix"/);
    expect(fields(sign).Summary).toBe('Payments pass on both banks; 2 known issues');
    expect(fields(sign)['Known issues']).toBe('• Receipt e-mail arrives late');
    expect(visibleText(sign)).toContain('|Test report link>');

    // Reject is one step: no dialog, the reason form is the confirmation.
    const reject = slack.screen.button('U_DAVE', is('reject'))!;
    expect(reject.confirm).toBeUndefined();
    const asked = await slack.click('U_DAVE', reject);
    expect(asked.modal).toBeDefined();
    expect(bot.violations()).toEqual([]);
  });
});
