import { afterEach, describe, expect, it } from 'vitest';
import {
  button,
  buttonsOf,
  formFieldsOf,
  submitOf,
  templateOf,
  textOf,
  titleOf,
} from '../support/feishu-card-read.js';
import { act, FeishuScenario, is, openIdOf, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

describe('Feishu: a normal release from /release new to done', () => {
  it('runs the whole conversation through cards in the group and in DMs', async () => {
    s = await FeishuScenario.start();
    const { api } = s;

    // /release new @-mentioning the bot in the group: the form arrives privately, the group sees nothing.
    await s.say('alice', '/release new');
    expect(api.inChat(TEAM_CHAT)).toEqual([]);
    const [formMessage] = api.dmsTo(openIdOf('alice'));
    expect(titleOf(api.latest(formMessage!))).toBe('新建发布');
    expect(formFieldsOf(api.latest(formMessage!)).map((f) => f.name)).toEqual(['flow']);

    const chose = await s.click('alice', formMessage!, submitOf(api.latest(formMessage!)), {
      flow: 'normal',
    });
    const form = chose.answer.card!.data;
    expect(titleOf(form)).toBe('新建发布 · 普通上线');
    expect(formFieldsOf(form).map((f) => [f.name, f.tag])).toEqual([
      ['title', 'input'],
      ['system', 'input'],
      ['tester', 'multi_select_person'],
      ['director', 'select_person'],
      ['window_start', 'picker_datetime'],
      ['window_end', 'picker_datetime'],
      ['zentao', 'input'],
      ['repo_tag', 'input'],
    ]);

    // A bad submission: a toast, and the form again with the errors next to the fields.
    const bad = await s.click('alice', formMessage!, submitOf(form), {
      title: '',
      system: '支付',
      zentao: 'nope',
    });
    expect(bad.answer.toast).toEqual({ type: 'error', content: '请修改标红的字段：上线内容——必填' });
    expect(textOf(bad.answer.card!.data)).toContain('请输入 http(s) 链接');
    expect(api.inChat(TEAM_CHAT)).toEqual([]);

    const made = await s.click('alice', formMessage!, submitOf(form), {
      title: '支付 v2',
      system: '支付',
      tester: ['ou_bob'],
      director: 'ou_dave',
      window_start: '2026-11-25 20:00 +0800',
    });
    expect(made.answer.toast).toEqual({
      type: 'success',
      content: '已创建 REL-1「支付 v2」，状态卡片已发到频道。',
    });
    // The submitted form is replaced, so it cannot be sent twice.
    expect(buttonsOf(made.answer.card!.data)).toEqual([]);

    // The status card in the group, where /release new was typed.
    const [statusCard] = api.inChat(TEAM_CHAT);
    expect(titleOf(api.latest(statusCard!))).toBe('REL-1 · 支付 v2');
    expect(textOf(api.latest(statusCard!))).toContain('开发完成，待提测');
    expect(textOf(api.latest(statusCard!))).toContain('11月25日 20:00 至 …');

    // Development → smoke test (fails once) → testing with one bug loop → report → application.
    expect(await s.press('alice', act('submit_for_test'), { build: '1.2.0' })).toEqual([
      '已记录：提测（REL-1）。',
    ]);
    const smokeFail = await s.press('bob', act('smoke_fail'), {
      reason: '登录崩溃',
      bugs: 'https://zentao.example/bug/1',
    });
    expect(smokeFail.join()).toContain('冒烟失败');
    await s.press('alice', act('submit_for_test'), {});
    await s.press('bob', act('smoke_pass'));
    await s.press('bob', act('report_bugs'), {
      bugs: 'https://zentao.example/bug/2\nhttps://zentao.example/bug/3',
      count: '2',
    });
    await s.press('alice', act('fixes_ready'), {});
    await s.press('bob', act('tests_passed'));
    await s.press('bob', act('file_test_report'), {
      report: 'https://wiki.example/report',
      summary: '全部通过',
    });
    await s.press('alice', act('apply_for_launch'), {});

    // Sign-off: Approve carries a confirm; refusals are private toasts and change nothing.
    const dave = s.dmButton('dave', is('approve'));
    expect(dave.button.confirm).toBe(true);
    expect(button(api.latest(dave.message), /^拒绝$/).confirm).toBe(false);
    const before = api.apiCalls().length;
    const self = await s.click('alice', dave.message, dave.button);
    expect(self.answer).toEqual({ toast: { type: 'warning', content: '不能审批自己申请的发布单。' } });
    const stranger = await s.click('mallory', dave.message, dave.button);
    expect(stranger.answer).toEqual({
      toast: { type: 'warning', content: '你不是当前阶段的审批人，无需处理。' },
    });
    expect(api.apiCalls().length).toBe(before);

    // Dave's approval: the card he clicked shows his decision instead of buttons at once (in the
    // callback's answer), and the core's own update of the card says the same.
    const shownBefore = dave.message.versions.length;
    const approved = await s.click('dave', dave.message, dave.button);
    expect(dave.message.versions.length).toBe(shownBefore + 2);
    expect(approved.answer.toast).toEqual({ type: 'success', content: '已记录：同意（REL-1）。' });
    expect(buttonsOf(approved.answer.card!.data)).toEqual([]);
    expect(textOf(approved.answer.card!.data)).toContain('✅ 你已于 11月24日 10:00 同意');
    expect(api.latest(dave.message)).toEqual(approved.answer.card!.data);
    const again = await s.click('dave', dave.message, dave.button);
    expect(again.answer.toast).toEqual({ type: 'warning', content: '这一项已经决定过了。' });
    await s.press('bob', is('approve'));
    // With the gate through, the core closed the sign-off cards: Dave's, as Feishu shows it now.
    expect(buttonsOf(api.latest(dave.message))).toEqual([]);

    // Launch (with a confirm against mis-taps) and the launch-complete announcement.
    expect(s.dmButton('alice', act('launch_complete')).button.confirm).toBe(true);
    await s.press('alice', act('launch_complete'));
    const announcements = api.messages.filter((m) => titleOf(api.latest(m)).startsWith('🚀'));
    expect(announcements.map((m) => m.chatId).sort()).toEqual(['oc_announce', TEAM_CHAT]);
    expect(textOf(api.latest(announcements[0]!))).toContain('Dave、Bob');

    await s.press('bob', act('verified'));
    const release = await s.t.store.load('REL-1');
    expect(release).toMatchObject({ status: 'done', loops: { smoke: 1, bugs: 1 } });

    // The group's status card was edited in place all along and now says done, in green.
    expect(statusCard!.versions.length).toBeGreaterThan(5);
    expect(textOf(api.latest(statusCard!))).toContain('已完成');
    expect(templateOf(api.latest(statusCard!))).toBe('green');
    // Step updates went under the status card as thread replies, not as new group messages.
    const topLevel = api.inChat(TEAM_CHAT).filter((m) => !m.parentId);
    expect(topLevel.map((m) => titleOf(api.latest(m)))).toEqual([
      'REL-1 · 支付 v2',
      '🚀 已上线：REL-1「支付 v2」',
      '✅ 已完成：REL-1「支付 v2」',
    ]);

    // Every card sent or patched was valid JSON 2.0 within 30 KB.
    expect(api.messages.filter((m) => m.msgType === 'interactive').length).toBeGreaterThan(20);
    expect(api.cardProblems).toEqual([]);
    const events = await s.t.store.events('REL-1');
    expect(events.filter((e) => e.what === 'refused').map((e) => e.data?.code)).toEqual([
      'self_approval',
      'not_approver',
      'already_decided',
    ]);
  });
});
