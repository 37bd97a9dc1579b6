import { afterEach, describe, expect, it } from 'vitest';
import type { ButtonIntent } from '../../src/conversation/model.js';
import { submitOf, textOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario, plannedPayRelease, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const SYSTEMS = [
  {
    id: 'pay',
    name: { 'zh-CN': '支付', en: 'Payments' },
    owners: ['dave'],
    freezeWindows: [
      {
        start: '2026-12-10T00:00:00+08:00',
        end: '2026-12-13T00:00:00+08:00',
        reason: { 'zh-CN': '双十二封版', en: 'Double 12 freeze' },
      },
    ],
  },
];

const form = plannedPayRelease;

const mine = (id: string, step: (i: ButtonIntent) => boolean) => (i: ButtonIntent) =>
  i.releaseId === id && step(i);

describe('Feishu: conflicts of planned windows', () => {
  it('tells the requester, puts them on the status card and the approvers’ cards, and refuses a frozen application', async () => {
    s = await FeishuScenario.start({ config: { systems: SYSTEMS } });
    await s.newRelease('alice', 'normal', form('卡包', '2026-12-01 10:00', '2026-12-01 12:00'));
    const made = await s.newRelease(
      'alice',
      'normal',
      form('退款接口', '2026-12-01 11:00', '2026-12-01 13:00'),
    );
    expect(made.toast?.content).toContain('计划窗口有冲突');
    expect(made.toast?.content).toContain(
      '与同一系统的 REL-1「卡包」时间重叠（12月1日 10:00 至 12月1日 12:00）',
    );

    const status = s.api
      .inChat(TEAM_CHAT)
      .map((m) => textOf(s.api.latest(m)))
      .find((text) => text.includes('REL-2'));
    expect(status).toContain('冲突');
    expect(status).toContain('REL-1「卡包」');

    await s.press('alice', mine('REL-2', act('submit_for_test')), {});
    await s.press('bob', mine('REL-2', act('smoke_pass')));
    await s.press('bob', mine('REL-2', act('tests_passed')));
    await s.press('bob', mine('REL-2', act('file_test_report')), {
      report: 'https://wiki.example/r',
      summary: '通过',
    });
    await s.press('alice', mine('REL-2', act('apply_for_launch')), {});
    const card = s.api
      .dmsTo('ou_dave')
      .map((m) => textOf(s.api.latest(m)))
      .filter((text) => text.includes('REL-2'))
      .at(-1);
    expect(card).toContain('冲突');
    expect(card).toContain('与同一系统的 REL-1「卡包」时间重叠');

    // A release planned inside the system's freeze cannot apply for launch.
    await s.newRelease('alice', 'normal', form('大促开关', '2026-12-11 10:00', '2026-12-11 12:00'));
    await s.press('alice', mine('REL-3', act('submit_for_test')), {});
    await s.press('bob', mine('REL-3', act('smoke_pass')));
    await s.press('bob', mine('REL-3', act('tests_passed')));
    await s.press('bob', mine('REL-3', act('file_test_report')), {
      report: 'https://wiki.example/r',
      summary: '通过',
    });
    const { message, button } = s.dmButton('alice', mine('REL-3', act('apply_for_launch')));
    const opened = await s.click('alice', message, button);
    expect(opened.answer.card).toBeDefined();
    const refused = await s.click('alice', message, submitOf(opened.answer.card!.data), {});
    expect(refused.answer.toast?.content).toBe(
      '当前处于封网期（双十二封版），12月13日 00:00 后才能上线。如需立即上线，请发起紧急上线。',
    );
    expect((await s.t.store.load('REL-3'))?.stage).toBe('launch_application');
  });
});
