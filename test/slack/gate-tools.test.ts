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

    // Dave's sign-off can go only to another director: the requester, a tester and a stranger are
    // refused inline under the picker, with the reason, and nothing changes.
    const daveDelegate = slack.screen.button('U_DAVE', is('delegate'))!;
    const refusedTo = async (to: string) => {
      const opened = await slack.click('U_DAVE', daveDelegate);
      const sent = await slack.submit('U_DAVE', opened.modal!, { to });
      return JSON.parse(sent.res.body) as { response_action: string; errors: Record<string, string> };
    };
    expect(await refusedTo('U_ALICE')).toEqual({
      response_action: 'errors',
      errors: { to: 'Alice is the requester and cannot approve their own release; choose someone else.' },
    });
    expect((await refusedTo('U_CAROL')).errors.to).toBe(
      'Carol does not hold the role Technical director; choose someone who does.',
    );
    expect((await refusedTo('U_NOBODY')).errors.to).toBe(
      '"U_NOBODY" is not in the team config; choose someone who is.',
    );
    expect((await refusedTo('U_BOB')).errors.to).toBe(
      'Bob is already an approver here; choose someone else.',
    );
    // Adding the requester is refused the same way.
    const addOpened = await slack.click('U_DAVE', slack.screen.button('U_DAVE', is('add_approver'))!);
    const addSelf = await slack.submit('U_DAVE', addOpened.modal!, { person: 'U_ALICE' });
    expect(JSON.parse(addSelf.res.body).errors).toEqual({
      person: 'Alice is the requester and cannot approve their own release; choose someone else.',
    });
    expect((await t.store.load('REL-1'))?.gate?.slots.map((s) => s.person)).toEqual(['dave', 'bob']);
    expect(slack.screen.dms('U_ALICE').some((m) => m.text.includes('handed you'))).toBe(false);

    // Bob hands his sign-off to Carol, another tester, with a people picker.
    const bobButton = slack.screen.button('U_BOB', is('delegate'))!;
    const delegate = await slack.click('U_BOB', bobButton);
    const picker = (delegate.modal!.view.blocks as ModalBlock[])[0]!;
    expect(picker).toMatchObject({ block_id: 'to', element: { type: 'users_select' } });
    await slack.submit('U_BOB', delegate.modal!, { to: 'U_CAROL' });
    expect(slack.screen.button('U_CAROL', is('approve'))).toBeDefined();
    // Carol gets one card, saying who handed it to her (no raw placeholder, no second copy).
    expect(slack.screen.dms('U_CAROL').map(header)).toEqual([
      'Bob handed you the decision on REL-1 "Hotfix login"',
    ]);
    // Bob's card no longer offers him a decision that is now Carol's, and says where it went.
    const bobCard = slack.screen.dms('U_BOB').find((m) => m.ts === bobButton.message.ts)!;
    expect(buttons(bobCard)).toEqual([]);
    expect(visibleText(bobCard)).toContain('Bob: delegated to Carol');

    // Dave adds Oscar as another approver (加签 asks no role: the gate's own approvers stay).
    const add = await slack.click('U_DAVE', slack.screen.button('U_DAVE', is('add_approver'))!);
    await slack.submit('U_DAVE', add.modal!, { person: 'U_OSCAR' });
    expect(slack.screen.button('U_OSCAR', is('approve'))).toBeDefined();
    expect(slack.screen.dms('U_OSCAR').map(header)).toEqual([
      'Dave added you as an approver of REL-1 "Hotfix login"',
    ]);
    const slots = (await t.store.load('REL-1'))?.gate?.slots ?? [];
    expect(slots.map((s) => s.person).sort()).toEqual(['carol', 'dave', 'oscar']);

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
