import { afterEach, describe, expect, it } from 'vitest';
import { buttonsOf, textOf, titleOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario, is, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

/** Ticks every checklist item a person's DM cards offer, one click at a time, as a person would. */
async function tickAll(person: string): Promise<string[]> {
  const ticked: string[] = [];
  for (;;) {
    let found: ReturnType<FeishuScenario['dmButton']>;
    try {
      found = s.dmButton(person, is('tick'));
    } catch {
      return ticked;
    }
    const { answer } = await s.click(person, found.message, found.button);
    if (answer.toast?.type !== 'success') throw new Error(`tick refused: ${answer.toast?.content}`);
    ticked.push(found.button.label);
  }
}

describe('Feishu: an enterprise release through checklists, run-book, observation and hand-over', () => {
  it('keeps each card current while items are ticked, and ends when the observation period does', async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    await s.newRelease('alice', 'enterprise', {
      title: '核心账务升级',
      system: '账务',
      release_object: 'upgrade',
      method: 'planned',
      window_start: '2026-11-28 22:00 +0800',
      window_end: '2026-11-29 02:00 +0800',
      tester: ['ou_bob'],
      ops: 'ou_oscar',
      director: 'ou_dave',
      business: 'ou_bella',
      observation_days: '3',
    });
    await s.press('alice', act('submit_plan'), {
      plan: 'https://wiki.example/plan',
      risks: '回滚预案已演练',
    });

    // Preparation checklist: every owner ticks their items on their own card. Each tick answers with
    // the card as it is now (a stale card would offer the ticked item again and be refused).
    expect(await tickAll('alice')).toEqual([
      '☐ 文档验收：技术方案',
      '☐ 文档验收：接口说明',
      '☐ 文档验收：安装手册',
      '☐ 文档验收：监控与维护手册',
      '☐ 文档验收：用户手册',
      '☐ 上线方案（含回滚方案）已评审',
      '☐ 代码冻结并打版本标签',
    ]);
    // With nothing left for her, Alice's card shows what she did last instead of buttons.
    const aliceCard = api.latest(api.dmsTo('ou_alice').at(-1)!);
    expect(buttonsOf(aliceCard)).toEqual([]);
    expect(textOf(aliceCard)).toContain('Alice：完成「代码冻结并打版本标签」');
    expect(await tickAll('bob')).toEqual(['☐ 测试报告已各方确认', '☐ 压力测试完成', '☐ 安全审查完成']);
    expect(await tickAll('oscar')).toEqual([
      '☐ 运维完成安装验证',
      '☐ 运维人员培训完成',
      '☐ 数据迁移脚本已验证',
    ]);

    // Sequential approval: director, then operations.
    await s.press('alice', act('submit_for_approval'));
    await s.press('dave', is('approve'));
    await s.press('oscar', is('approve'));

    // The run-book is ordered: operations' steps one after another, then the tester's check.
    expect(await tickAll('oscar')).toEqual([
      '☐ 备份生产环境',
      '☐ 部署程序到生产环境',
      '☐ 配置（基础设置、数据库连接、安全）',
      '☐ 执行数据迁移并校验',
    ]);
    expect(await tickAll('bob')).toEqual(['☐ 线上验证']);
    await s.press('oscar', act('launch_complete'));
    // The launch report is an n-of-M gate: three approvers (ops, tester, business), two suffice.
    await s.press('oscar', is('approve'));
    expect((await s.t.store.load('REL-1'))?.stage).toBe('launch_report');
    await s.press('bella', is('approve'));
    expect((await s.t.store.load('REL-1'))?.stage).toBe('observation');
    expect((await s.t.store.load('REL-1'))?.deciders).toEqual(['dave', 'oscar', 'bella']);

    // Three observation days later the period ends by itself and operations are asked to take over.
    s.t.clock.advanceHours(24 * 4);
    await s.t.tick();
    await s.settle();
    expect((await s.t.store.load('REL-1'))?.stage).toBe('handover');
    expect(titleOf(api.latest(s.dmButton('oscar', act('hand_over')).message))).toContain('REL-1');
    await s.press('oscar', act('hand_over'));
    expect((await s.t.store.load('REL-1'))?.status).toBe('done');

    expect(
      api
        .inChat(TEAM_CHAT)
        .filter((m) => !m.parentId)
        .map((m) => titleOf(api.latest(m))),
    ).toEqual([
      'REL-1 · 核心账务升级',
      '🚀 已上线：REL-1「核心账务升级」',
      '✅ 已完成：REL-1「核心账务升级」',
    ]);
    expect(api.cardProblems).toEqual([]);
  });
});
