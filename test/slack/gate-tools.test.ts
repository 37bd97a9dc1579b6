import { describe, expect, it } from 'vitest';
import { act, is, newRelease, slackScenarios } from './scenario.js';
import { buttons, fields, header, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

type ModalBlock = { block_id: string; element: { type: string; options?: { value: string }[] } };

describe('Slack: delegate, add approver, send back and withdraw', () => {
  it('are buttons that ask with people pickers and selects, and change the release', async () => {
    const { t, bot, slack } = await scenarios.start();
    await newRelease(slack, 'emergency', {
      title: 'Hotfix login',
      system: 'auth',
      reason_category: 'severe_bug',
      justification: 'Login fails for SSO users.',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    await slack.press('U_ERIN', is('approve'));
    await slack.press('U_BOB', act('tests_passed'));
    await slack.press('U_BOB', act('file_test_report'), { summary: 'SSO fixed' });
    expect((await t.store.load('REL-1'))?.stage).toBe('sign_off');

    // Dave hands his sign-off to Carol with a people picker.
    const daveButton = slack.screen.button('U_DAVE', is('delegate'))!;
    const delegate = await slack.click('U_DAVE', daveButton);
    const picker = (delegate.modal!.view.blocks as ModalBlock[])[0]!;
    expect(picker).toMatchObject({ block_id: 'to', element: { type: 'users_select' } });
    await slack.submit('U_DAVE', delegate.modal!, { to: 'U_CAROL' });
    expect(slack.screen.button('U_CAROL', is('approve'))).toBeDefined();
    // Carol gets one card, saying who handed it to her (no raw placeholder, no second copy).
    expect(slack.screen.dms('U_CAROL').map(header)).toEqual([
      'Dave handed you the decision on REL-1 "Hotfix login"',
    ]);
    // Dave's card no longer offers him a decision that is now Carol's, and says where it went.
    const daveCard = slack.screen.dms('U_DAVE').find((m) => m.ts === daveButton.message.ts)!;
    expect(buttons(daveCard)).toEqual([]);
    expect(visibleText(daveCard)).toContain('Dave: delegated to Carol');

    // Bob adds Oscar as another approver.
    const add = await slack.click('U_BOB', slack.screen.button('U_BOB', is('add_approver'))!);
    await slack.submit('U_BOB', add.modal!, { person: 'U_OSCAR' });
    expect(slack.screen.button('U_OSCAR', is('approve'))).toBeDefined();
    expect(slack.screen.dms('U_OSCAR').map(header)).toEqual([
      'Bob added you as an approver of REL-1 "Hotfix login"',
    ]);
    const slots = (await t.store.load('REL-1'))?.gate?.slots ?? [];
    expect(slots.map((s) => s.person).sort()).toEqual(['bob', 'carol', 'oscar']);

    // Carol, now awaited, sends it back to testing: the modal offers the earlier stages in a select.
    const back = await slack.click('U_CAROL', slack.screen.button('U_CAROL', is('send_back'))!);
    const to = (back.modal!.view.blocks as ModalBlock[]).find((b) => b.block_id === 'to')!;
    expect(to.element.type).toBe('static_select');
    expect(to.element.options?.map((o) => o.value)).toEqual([
      'emergency_approval',
      'testing',
      'executive_decision',
      'fixing',
      'emergency_test_report',
    ]);
    await slack.submit('U_CAROL', back.modal!, { to: 'testing', reason: 'One more SSO provider to check' });
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
    expect(slack.screen.button('U_BOB', act('tests_passed'))).toBeDefined();

    // A requester withdraws a release from their own card, with an optional reason.
    const again = await slack.command('U_ALICE', 'new');
    const normal = await slack.chooseFlow('U_ALICE', again.modal!, 'normal');
    await slack.submit('U_ALICE', normal, {
      title: 'Report export',
      system: 'reports',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    const withdraw = slack.screen.button(
      'U_ALICE',
      (b) => b.intent.releaseId === 'REL-2' && is('withdraw')(b),
    )!;
    expect(withdraw.style).toBe('danger');
    const asked = await slack.click('U_ALICE', withdraw);
    await slack.submit('U_ALICE', asked.modal!, { reason: 'Superseded' });
    expect(await t.store.load('REL-2')).toMatchObject({ status: 'withdrawn' });
    const card = slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-2'))!;
    expect(fields(card).Stage).toContain('Withdrawn');
    expect(bot.violations()).toEqual([]);
  });
});
