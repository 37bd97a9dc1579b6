import { afterEach, describe, expect, it } from 'vitest';
import { textOf, titleOf } from '../support/feishu-card-read.js';
import { FeishuScenario, plannedPayRelease, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const CONFIG = {
  holidays: 'cn-2026',
  systems: [{ id: 'pay', name: { 'zh-CN': '支付', en: 'Payments' }, owners: ['dave'] }],
  freezeWindows: [
    {
      start: '2026-02-10T00:00:00+08:00',
      end: '2026-02-24T00:00:00+08:00',
      reason: { 'zh-CN': '春节封网', en: 'Spring Festival freeze' },
    },
  ],
};

const form = plannedPayRelease;

describe('Feishu: /release calendar', () => {
  it('answers in a DM card, in Chinese dates, with conflicts marked; a bad period gets the forms it takes', async () => {
    s = await FeishuScenario.start({ config: CONFIG });
    // The test clock is Tuesday 24 Nov 2026, 10:00 in Shanghai.
    await s.newRelease('alice', 'normal', form('卡包', '2026-11-27 22:00', '2026-11-28 01:00'));
    await s.newRelease('alice', 'normal', form('退款接口', '2026-11-28 00:30', '2026-11-28 02:00'));
    const groupBefore = s.api.inChat(TEAM_CHAT).length;

    await s.say('bob', '/release calendar');
    const week = s.api.latest(s.api.dmsTo('ou_bob').at(-1)!);
    expect(titleOf(week)).toBe('发布日历：11月23日 至 11月29日');
    const text = textOf(week);
    expect(text).toContain('共 2 个计划窗口，2 个有冲突。');
    expect(text).toContain('11月27日 周五');
    expect(text).toContain('⚠️ 11月27日 22:00 至 11月28日 01:00 REL-1 支付 · 普通上线');
    expect(text).toContain('11月28日 周六');
    expect(text).toContain('⚠️ 00:30 至 02:00 REL-2 支付');
    expect(text).toContain('REL-2 与 REL-1 时间重叠（同一系统）');
    expect(text).toContain('时区：Asia/Shanghai');

    await s.say('bob', '/release 日历 2026年2月');
    const february = textOf(s.api.latest(s.api.dmsTo('ou_bob').at(-1)!));
    expect(february).toContain('这段时间没有计划的发布窗口。');
    expect(february).toContain('❄️ 2月10日 00:00 至 2月24日 00:00 春节封网');
    expect(february).toContain('🏢 2月14日 周六 调休上班');
    expect(february).toContain('🏖️ 2月15日 至 2月23日 春节放假');

    await s.say('bob', '/release calendar 下周');
    expect(titleOf(s.api.latest(s.api.dmsTo('ou_bob').at(-1)!))).toBe('发布日历：11月30日 至 12月6日');

    await s.say('bob', '/release calendar 明天');
    expect(JSON.stringify(s.api.latest(s.api.dmsTo('ou_bob').at(-1)!))).toContain(
      '看不懂「明天」。可以这样写：/release calendar（本周）',
    );
    // Nothing of this reached the group.
    expect(s.api.inChat(TEAM_CHAT)).toHaveLength(groupBefore);
    expect(s.api.cardProblems).toEqual([]);
  });
});
