import { afterEach, describe, expect, it } from 'vitest';
import { p2pChatOf } from '../fakes/feishu-api.js';
import { button, buttonsOf, formFieldsOf, submitOf, textOf, titleOf } from '../support/feishu-card-read.js';
import { type Answer, act, FeishuScenario, is, openIdOf } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

describe('Feishu: an emergency release through executive approval and shipping with known issues', () => {
  it('runs from a DM /release new to done, with re-pushes and simultaneous approvers decided once', async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    const aliceDm = p2pChatOf(openIdOf('alice'));

    // Typed in the DM with the bot: the form comes back in that chat.
    await s.say('alice', 'release new', 'dm');
    const [formMessage] = api.inChat(aliceDm);
    const chose = await s.click('alice', formMessage!, submitOf(api.latest(formMessage!)), {
      flow: 'emergency',
    });
    const form = chose.answer.card!.data;
    expect(formFieldsOf(form).find((f) => f.name === 'reason_category')).toEqual({
      name: 'reason_category',
      tag: 'select_static',
      options: ['severe_bug', 'urgent_revision', 'strategic'],
    });
    const made = await s.click('alice', formMessage!, submitOf(form), {
      title: '修复支付回调',
      system: '支付',
      reason_category: 'severe_bug',
      justification: '线上支付回调丢失',
      tester: ['ou_bob'],
      director: 'ou_dave',
    });
    expect(made.answer.toast?.type).toBe('success');

    // Only a configured executive may approve the emergency: the director's click is refused privately.
    const erin = s.dmButton('erin', is('approve'));
    const before = api.apiCalls().length;
    const dave = await s.click('dave', erin.message, erin.button);
    expect(dave.answer).toEqual({
      toast: { type: 'warning', content: '只有高管可以做此决定，请联系高管处理。' },
    });
    expect(api.apiCalls().length).toBe(before);

    // Feishu re-pushes Erin's click five times (same event_id): one decision.
    const click = s.clickEvent('erin', erin.message, erin.button, undefined, 'ev_erin_approve');
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => s.h.post(click)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await s.settle();
    const afterRepush = await s.t.store.events('REL-1');
    expect(afterRepush.filter((e) => e.what === 'approve').map((e) => e.actor.person)).toEqual(['erin']);
    // Only the first delivery reached the core; the re-pushes were answered without it.
    expect(afterRepush.filter((e) => e.what === 'refused' && e.actor.person === 'erin')).toEqual([]);
    expect(answers.filter((a) => (a.body as Answer).toast)).toHaveLength(1);

    // Testing finds problems; the executive ships with the known issues (a confirmed, recorded decision).
    await s.press('bob', act('problems_found'), { problems: '登录偶发慢\n导出按钮错位' });
    const ship = s.dmButton('erin', act('ship_with_known_issues'));
    expect(ship.button.confirm).toBe(true);
    expect(button(api.latest(ship.message), /先修复/).label).toBe('先修复');
    await s.press('erin', act('ship_with_known_issues'), { known_issues: '登录偶发慢\n导出按钮错位' });
    await s.press('bob', act('file_test_report'), { summary: '核心链路通过，已知问题已记录' });

    // Director and tester click the sign-off gate at the same moment: one recorded decision each.
    const signDave = s.dmButton('dave', is('approve'));
    const signBob = s.dmButton('bob', is('approve'));
    const both = await Promise.all([
      s.h.post(s.clickEvent('dave', signDave.message, signDave.button)),
      s.h.post(s.clickEvent('bob', signBob.message, signBob.button)),
    ]);
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    await s.settle();
    const signOff = (await s.t.store.events('REL-1')).filter(
      (e) => e.what === 'approve' && e.stageBefore === 'sign_off',
    );
    expect(signOff.map((e) => e.actor.person).sort()).toEqual(['bob', 'dave']);
    expect((await s.t.store.load('REL-1'))?.stage).toBe('launch');

    await s.press('alice', act('launch_complete'));
    const launched = api.messages.filter((m) => titleOf(api.latest(m)).startsWith('🚀'));
    expect(launched.map((m) => m.chatId).sort()).toEqual(['oc_announce', aliceDm]);
    await s.press('bob', act('verified'));

    const release = await s.t.store.load('REL-1');
    expect(release?.status).toBe('done');
    // The status card (in the chat /release new came from) lists the known issues it shipped with.
    const status = api.inChat(aliceDm).find((m) => titleOf(api.latest(m)) === 'REL-1 · 修复支付回调');
    expect(textOf(api.latest(status!))).toContain('• 登录偶发慢\n• 导出按钮错位');
    expect(textOf(api.latest(status!))).toContain('已完成');
    expect(buttonsOf(api.latest(erin.message))).toEqual([]);
    expect(api.cardProblems).toEqual([]);
  });
});
