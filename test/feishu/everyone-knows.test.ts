import { afterEach, describe, expect, it } from 'vitest';
import { emergencyWithCc } from '../support/cc-flows.js';
import { buttonsOf, textOf, titleOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario, is, openIdOf } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

describe('Feishu: everyone who should know, knows', () => {
  it('tells an approver whose approval a rejection resets, and copies CC people on cards without buttons', async () => {
    s = await FeishuScenario.start({ flows: emergencyWithCc() });
    const { api } = s;
    const cards = (person: string) => api.dmsTo(openIdOf(person)).map((m) => api.latest(m));
    await s.newRelease('alice', 'emergency', {
      title: '修复支付回调',
      system: '支付',
      reason_category: 'severe_bug',
      justification: '两家银行的用户无法支付。',
      tester: ['ou_bob'],
      director: 'ou_dave',
    });
    await s.press('erin', is('approve'));
    // 抄送 for the whole flow: Bella is told of the executive's approval, with nothing to press.
    const copied = cards('bella');
    expect(copied.map(titleOf)).toEqual(['抄送：REL-1「修复支付回调」，Erin：同意']);
    expect(buttonsOf(copied[0])).toEqual([]);
    expect(textOf(copied[0])).toContain('无需你操作');

    await s.press('bob', act('tests_passed'));
    await s.press('bob', act('file_test_report'), { summary: '全部通过' });
    await s.press('dave', is('approve'));
    // The sign-off's own CC (Mallory) and the flow's (Bella) are both told.
    expect(cards('mallory').map(titleOf)).toEqual(['抄送：REL-1「修复支付回调」，Dave：同意']);
    expect(titleOf(cards('bella').at(-1))).toBe('抄送：REL-1「修复支付回调」，Dave：同意');

    // Bob rejects: Dave's approval no longer counts, and Dave is told so in a card of its own.
    const before = cards('dave').length;
    await s.press('bob', is('reject'), { reason: 'B 银行退款仍失败' });
    const told = cards('dave').slice(before);
    expect(told.map(titleOf)).toEqual(['Bob 拒绝了 REL-1「修复支付回调」，你的同意已失效']);
    expect(textOf(told[0])).toContain('原因：B 银行退款仍失败');
    expect(textOf(told[0])).toContain('发布单再次到达「技术总监和测试人员签字」时会重新请你审批。');
    expect(buttonsOf(told[0])).toEqual([]);
    expect(titleOf(cards('mallory').at(-1))).toBe('抄送：REL-1「修复支付回调」，Bob：拒绝');
  });
});
