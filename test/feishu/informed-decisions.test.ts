import { afterEach, describe, expect, it } from 'vitest';
import { checkCard } from '../support/feishu-card-check.js';
import { buttonsOf, textOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario, openIdOf } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const JUSTIFICATION = `${'两家银行发卡的用户自今天 9:00 发布后无法支付，约三成订单流失。'.repeat(8)}财务要求晚高峰前修复。`;

describe('Feishu: the people deciding see what they decide', () => {
  it("the executive's card shows the reason and the justification in Chinese, the rest in a panel", async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    await s.newRelease('alice', 'emergency', {
      title: '修复支付回调',
      system: '支付',
      reason_category: 'severe_bug',
      justification: JUSTIFICATION,
      tester: ['ou_bob'],
      director: 'ou_dave',
      zentao: 'https://zentao.example/bug/42',
    });
    const card = api.latest(api.dmsTo(openIdOf('erin')).at(-1)!);
    expect(checkCard(card)).toEqual([]);
    // The notification (the card's summary) says what is asked, which a locked phone shows.
    const summary = (card.config as { summary?: { content: string } }).summary?.content ?? '';
    expect(summary).toMatch(/^请审批 REL-1「修复支付回调」——线上严重缺陷：两家银行发卡的用户/);
    const text = textOf(card);
    expect(text).toContain('紧急原因\n线上严重缺陷');
    expect(text).toContain('紧急说明\n两家银行发卡的用户');
    // The link is labelled by its field in the reader's language.
    expect(text).toContain('[禅道链接](https://zentao.example/bug/42)');
    // Clipped on the card; the whole text in a collapsible panel, so no Details button here.
    const panel = JSON.stringify(card.body).match(/"tag":"collapsible_panel"/g) ?? [];
    expect(panel).toHaveLength(1);
    expect(text).toContain('财务要求晚高峰前修复。');
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['同意', '拒绝', '附意见同意', '转交', '加签']);

    // The tester's problems reach the executive, with the loop count.
    await s.press('erin', (i) => i.command.type === 'approve');
    await s.press('bob', act('problems_found'), { problems: '收据邮件延迟\n退款页旧图标' });
    const decide = textOf(api.latest(api.dmsTo(openIdOf('erin')).at(-1)!));
    expect(decide).toContain('问题清单\n• 收据邮件延迟\n• 退款页旧图标');
    expect(decide).toContain('返工\n冒烟失败 0 次 · 缺陷返工 1 轮');
  });
});
