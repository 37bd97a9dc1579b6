import { afterEach, describe, expect, it } from 'vitest';
import { formFieldsOf, submitOf, templateOf, textOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario, is, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const normal = { title: '报表导出', system: '报表', tester: ['ou_bob'], director: 'ou_dave' };

/** A normal release brought to the sign-off gate. */
async function atSignOff() {
  await s.newRelease('alice', 'normal', normal);
  await s.press('alice', act('submit_for_test'), {});
  await s.press('bob', act('smoke_pass'));
  await s.press('bob', act('tests_passed'));
  await s.press('bob', act('file_test_report'), { report: 'https://wiki.example/r', summary: '通过' });
  await s.press('alice', act('apply_for_launch'), {});
}

describe('Feishu: withdraw, cancel, send back and add an approver', () => {
  it('lets the requester withdraw from a card, with an optional reason', async () => {
    s = await FeishuScenario.start();
    await s.newRelease('alice', 'normal', normal);
    expect(await s.press('alice', is('withdraw'), { reason: '需求变更' })).toEqual([
      '已记录：撤回（REL-1）。',
    ]);
    expect((await s.t.store.load('REL-1'))?.status).toBe('withdrawn');
    const status = s.api.inChat(TEAM_CHAT).find((m) => !m.parentId)!;
    expect(templateOf(s.api.latest(status))).toBe('grey');
    expect(s.api.cardProblems).toEqual([]);
  });

  it('cancels by a typed command, answered privately', async () => {
    s = await FeishuScenario.start();
    await s.newRelease('alice', 'normal', normal);
    const groupBefore = s.api.inChat(TEAM_CHAT).filter((m) => !m.parentId).length;
    await s.say('alice', '/release cancel REL-1 计划取消');
    expect(s.api.latest(s.api.dmsTo('ou_alice').at(-1)!)).toEqual({ text: '已记录：取消（REL-1）。' });
    expect((await s.t.store.load('REL-1'))?.status).toBe('cancelled');
    expect(s.api.inChat(TEAM_CHAT).filter((m) => !m.parentId)).toHaveLength(groupBefore);
  });

  it('sends a release back to an earlier stage from the sign-off card', async () => {
    s = await FeishuScenario.start();
    await atSignOff();
    const { message, button } = s.dmButton('dave', is('send_back'));
    const asked = await s.click('dave', message, button);
    const form = asked.answer.card!.data;
    expect(formFieldsOf(form)).toEqual([
      {
        name: 'to',
        tag: 'select_static',
        options: ['development', 'smoke_test', 'testing', 'fixing', 'test_report', 'launch_application'],
      },
      { name: 'reason', tag: 'input', options: [] },
    ]);
    await s.click('dave', message, submitOf(form), { to: 'testing', reason: '回归范围不够' });
    expect((await s.t.store.load('REL-1'))?.stage).toBe('testing');
    expect(s.dmButton('bob', act('tests_passed')).button.label).toBe('测试通过');
    expect(s.api.cardProblems).toEqual([]);
  });

  it('adds an approver (加签) with a person picker', async () => {
    s = await FeishuScenario.start();
    await atSignOff();
    await s.press('dave', is('add_approver'), { person: 'ou_carol' });
    const release = await s.t.store.load('REL-1');
    expect(release?.gate?.slots.map((x) => x.person)).toEqual(['dave', 'bob', 'carol']);
    // Carol gets her own approval card.
    const carol = s.dmButton('carol', is('approve'));
    expect(textOf(s.api.latest(carol.message))).toContain('技术总监和测试人员签字');
    expect(s.api.cardProblems).toEqual([]);
  });

  it('refuses, in the form card, a 转交 to the requester or to someone without the role, and a 加签 of the requester', async () => {
    s = await FeishuScenario.start();
    await atSignOff();
    const { message, button } = s.dmButton('dave', is('delegate'));
    const form = (await s.click('dave', message, button)).answer.card!.data;
    const toAlice = await s.click('dave', message, submitOf(form), { to: 'ou_alice' });
    expect(toAlice.answer.toast?.type).toBe('error');
    const again = toAlice.answer.card!.data;
    expect(formFieldsOf(again).map((f) => f.name)).toEqual(['to']);
    expect(textOf(again)).toContain('Alice 是申请人，不能审批自己申请的发布单，请选择其他人。');
    const toCarol = await s.click('dave', message, submitOf(again), { to: 'ou_carol' });
    expect(textOf(toCarol.answer.card!.data)).toContain('Carol 不是技术总监，请选择一位技术总监。');
    // Bob may not add the requester either: the toast and the form card say why.
    await expect(s.press('bob', is('add_approver'), { person: 'ou_alice' })).rejects.toThrow(
      /Alice 是申请人，不能审批自己申请的发布单/,
    );
    expect((await s.t.store.load('REL-1'))?.gate?.slots.map((x) => x.person)).toEqual(['dave', 'bob']);
    expect(s.api.dmsTo('ou_carol')).toEqual([]);
    expect(s.api.cardProblems).toEqual([]);
  });
});
