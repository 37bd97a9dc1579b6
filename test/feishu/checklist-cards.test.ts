import { afterEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../fakes/feishu-api.js';
import { buttonsOf, textOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

describe('Feishu: a checklist ticked by one owner', () => {
  it("brings every other owner's copy of the checklist card up to date", async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    await s.newRelease('alice', 'enterprise', {
      title: '核心账务升级',
      system: '账务',
      release_object: 'upgrade',
      method: 'planned',
      window_start: '2026-11-28 22:00 +0800',
      window_end: '2026-11-29 02:00 +0800',
      tester: ['ou_bob', 'ou_carol'],
      ops: 'ou_oscar',
      director: 'ou_dave',
      business: 'ou_bella',
      observation_days: '3',
    });
    await s.press('alice', act('submit_plan'), { plan: 'https://wiki.example/plan', risks: '无' });
    const ticks = (m: FakeMessage) =>
      buttonsOf(api.latest(m))
        .filter((b) => b.label.startsWith('☐'))
        .map((b) => b.label);
    const checklistCard = (openId: string) => api.dmsTo(openId).find((m) => ticks(m).length > 0)!;
    const carols = checklistCard('ou_carol');
    const oscars = checklistCard('ou_oscar');
    const left = (m: FakeMessage) => Number(/检查清单：还有 (\d+) 项/.exec(textOf(api.latest(m)))?.[1]);
    expect(ticks(carols)).toEqual(['☐ 测试报告已各方确认', '☐ 压力测试完成', '☐ 安全审查完成']);
    const before = left(oscars);
    expect(before).toBeGreaterThan(3);

    // Bob ticks a tester item on his card: Carol's card (same role) no longer offers it, and
    // Oscar's card, which counts the items left, changes too.
    const { message, button } = s.dmButton(
      'bob',
      (i) => i.command.type === 'tick' && i.command.item === 'stress_test',
    );
    expect((await s.click('bob', message, button)).answer.toast?.type).toBe('success');
    expect(ticks(carols)).toEqual(['☐ 测试报告已各方确认', '☐ 安全审查完成']);
    expect(left(oscars)).toBe(before - 1);
    expect(left(carols)).toBe(before - 1);
    expect(ticks(oscars)).toEqual(['☐ 运维完成安装验证', '☐ 运维人员培训完成', '☐ 数据迁移脚本已验证']);
    expect(api.cardProblems).toEqual([]);
  });
});
