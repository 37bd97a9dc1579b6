import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';
import { storeWithOutage } from '../support/store-outage.js';
import { terminal } from './support/terminal.js';

let t: TestCore;
afterEach(() => t?.stop());

const NEW_NORMAL = ['/release new normal', 'Checkout v2', 'shop', 'bob', 'dave', '', '', '', ''];

describe('local mode on the core', () => {
  it('asks the form field by field, asks refused fields again, and numbers the buttons it prints', async () => {
    t = await createTestCore({ attachSurface: false });
    const term = terminal(t.core);
    // Each answer is checked as it is entered: a refused one is asked again at once.
    const asked = await term.type(['/release new', 'normal', ''], '✖ What goes live: Required');
    expect(asked).toContain('? What goes live (required)');
    expect(asked.split('? What goes live (required)')).toHaveLength(3);
    const director = await term.type(['Checkout v2', 'shop', 'bob', 'dave', 'tomorrow'], '✖ Planned');
    expect(director).toContain('? Technical director (required; type a name)');
    expect(director).toContain('✖ Planned launch time: Enter a date and time');
    // A date that does not exist is refused, not rolled over into March.
    expect(await term.type(['2026-02-30 10:00'], '✖ Planned')).toContain('Enter a date and time');
    expect(await term.type(['2026-13-45 25:61'], '✖ Planned')).toContain('Enter a date and time');
    // A window may have begun (it is under way), but its end must be ahead; a date alone says which
    // time it took.
    expect(await term.type(['2026-11-01 10:00'], '? Planned launch ends')).not.toContain('✖');
    expect(await term.type(['2026-11-01 12:00'], '✖ Planned')).toContain('That time has passed');
    expect(await term.type(['2026-12-01'], 'taken')).toContain('(No time given: 09:00 taken)');
    expect(await term.type(['not a link'], '✖ ZenTao')).toContain('✖ ZenTao link: Enter an http(s) link');
    const created = await term.type(['', ''], 'Created REL-1');
    expect(created).not.toContain('? System');
    const card = await term.type([], '[1] Submit for test');
    expect(card).toMatch(/#\d+ · DM to Alice/);
    term.input.end();
    await term.local.done;
    expect(term.text()).toMatch(/alice> \/release new\n/);
    expect((await t.store.load('REL-1'))?.window).toEqual({
      start: '2026-11-01T02:00:00.000Z',
      end: '2026-12-01T01:00:00.000Z',
    });
  });

  it('presses by number as the current user, confirms first, and shows refusals in their words', async () => {
    t = await createTestCore({ attachSurface: false });
    const term = terminal(t.core);
    await term.type([...NEW_NORMAL, '1', 'rc1'], 'Recorded: Submit for test');
    await term.type(['/as bob', '2', 'crash on login', ''], 'Recorded: Smoke test failed');
    expect((await t.store.load('REL-1'))?.loops.smoke).toBe(1);
    // bob's newest open card is gone (decided): the number now finds no card of his.
    expect(await term.type(['3'], 'no card')).toContain('You have no card with buttons yet.');
    const alice = await term.type(['/as alice', '/cards'], 'Your open cards:');
    expect(alice).toContain('[1] Submit for test');
    await term.type(['1', '', '/as bob', '1'], 'Recorded: Smoke test passed');
    await term.type(['2'], 'Recorded: Tests passed');
    await term.type(['1', 'https://wiki.example/r', 'green', '', ''], 'Recorded: File the test report');
    await term.type(['/as alice', '1', ''], 'DM to Dave');
    // alice reaches for dave's approval card: the confirmation, then the core's refusal.
    const daveCard = /#(\d+) · DM to Dave/.exec(term.text())?.[1];
    const refused = await term.type([`press #${daveCard} 1`, 'y'], 'cannot approve');
    expect(refused).toContain('? Approve REL-1 "Checkout v2"? (y to confirm / n to cancel)');
    expect(refused).toContain('You cannot approve your own release.');
    // Saying no to a confirmation does nothing.
    const no = await term.type(['/as dave', '1', 'n'], 'Cancelled');
    expect(no).toContain('Cancelled; nothing was done.');
    // Typing a command instead of an answer cancels too, and the command still runs.
    const instead = await term.type(['1', '/cards'], 'Your open cards:');
    expect(instead).toContain('Cancelled; nothing was done.');
    expect((await t.store.load('REL-1'))?.gate?.slots.every((s) => !s.decision)).toBe(true);
    // Dave's card now shows his decision instead of buttons, though Bob has still to sign.
    const approved = await term.type(['1', 'y'], 'You approved at');
    expect(approved).toContain('Recorded: Approve');
    expect(approved).toMatch(/\(updated #\d+\) · DM to Dave[^└]*⇒ ✅ You approved at 24 Nov 10:00/);
    expect(await term.type(['1'], 'no card')).toContain('You have no card with buttons yet.');
    expect(await term.type(['/as bob', '9'], 'has no button')).toContain('has no button 9 (it has');
    term.input.end();
    await term.local.done;
  });

  it('offers the configured systems by number and shows a conflicting window on the status card', async () => {
    const systems = [{ id: 'pay', name: { 'zh-CN': '支付', en: 'Payments' } }];
    t = await createTestCore({ config: testConfig({ systems }), attachSurface: false });
    const term = terminal(t.core);
    const plan = (title: string, start: string, end: string) => [
      '/release new normal',
      title,
      'pay',
      'bob',
      'dave',
      start,
      end,
      '',
      '',
    ];
    await term.type(plan('Card vault', '2026-12-01 10:00', '2026-12-01 12:00'), 'Created REL-1');
    const second = await term.type(
      plan('Refund API', '2026-12-01 11:00', '2026-12-01 13:00'),
      'of the same system',
    );
    expect(second).toContain('⚠️ The planned window has conflicts:');
    expect(second).toContain('• Overlaps REL-1 "Card vault" of the same system (1 Dec 10:00 → 1 Dec 12:00)');
    const status = await term.type(['/release status REL-2'], 'Conflicts');
    expect(status).toMatch(/Conflicts:\s+• Overlaps REL-1/);
    // The system by its name in the reader's language, not the id the release keeps.
    expect(status).toContain('System: Payments');
    term.input.end();
    await term.local.done;
    expect((await t.store.load('REL-2'))?.system).toBe('pay');
  });

  it('prints a reminder when its timer fires, and speaks the user’s language', async () => {
    const zh = testConfig({ locale: 'zh-CN' });
    t = await createTestCore({ config: zh, attachSurface: false });
    const term = terminal(t.core);
    expect(await term.type(['/help'], '/quit')).toContain('/as <名字> — 切换成另一个人');
    const asked = await term.type([...NEW_NORMAL], '提测');
    // Field prompts in Chinese punctuation, not ASCII "(必填; …)".
    expect(asked).toContain('? 技术总监（必填；输入名字）');
    t.clock.advanceHours(24 * 3);
    const reminder = term.type([], '等你处理');
    await t.tick();
    expect(await reminder).toContain('提醒：REL-1「Checkout v2」等你处理');
    expect(await term.type(['/as zoe'], '没有任何角色')).toContain('「zoe」不在配置里，没有任何角色。');
    expect(await term.type(['hello'], '不认识')).toContain('不认识「hello」。');
    term.input.end();
    await term.local.done;
  });

  it('keeps a form it could not save open with the answers, and Enter submits it again, once', async () => {
    const { store, down } = storeWithOutage(createSqliteStore({ file: ':memory:' }));
    t = await createTestCore({ attachSurface: false, store });
    const term = terminal(t.core);
    down.on = true;
    const refused = await term.type(NEW_NORMAL, 'press Enter to submit it again');
    expect(refused).toContain('✖ Could not save right now; please try again.');
    expect(refused).not.toContain('Form dropped');
    // A command typed meanwhile runs and does not drop it; Enter, with the store back, sends the same answers.
    const meanwhile = await term.type(['/cards'], 'submit it again');
    expect(meanwhile).toContain('You have no open cards.');
    expect(meanwhile).not.toContain('Form dropped');
    down.on = false;
    expect(await term.type([''], 'Created REL-1')).toContain('Created REL-1 "Checkout v2"');
    expect((await t.store.load('REL-1'))?.system).toBe('shop');

    // A decision's form: the same, and the decision is recorded once.
    await term.type(['1', 'rc1'], 'Recorded: Submit for test');
    await term.type(['/as bob', '2', 'crash on login'], '? ZenTao bug links');
    down.on = true;
    const notSaved = await term.type([''], 'submit it again');
    expect(notSaved).toContain('✖ Could not save right now');
    down.on = false;
    await term.type([''], 'Recorded: Smoke test failed');
    const trail = (await t.store.events('REL-1')).map((e) => e.what);
    expect(trail.filter((w) => w === 'smoke_fail')).toHaveLength(1);
    expect((await t.store.load('REL-1'))?.loops.smoke).toBe(1);
    term.input.end();
    await term.local.done;
  });

  it('says in Chinese that a form could not be saved and is still open', async () => {
    const { store, down } = storeWithOutage(createSqliteStore({ file: ':memory:' }));
    t = await createTestCore({ attachSurface: false, store, config: testConfig({ locale: 'zh-CN' }) });
    const term = terminal(t.core);
    down.on = true;
    const refused = await term.type(NEW_NORMAL, '按回车再次提交');
    expect(refused).toContain('✖ 暂时无法保存，请稍后重试。');
    expect(await term.type(['/cancel'], '表单已放弃')).toContain('表单已放弃。');
    term.input.end();
    await term.local.done;
  });
});
