import { afterEach, describe, expect, it } from 'vitest';
import { p2pChatOf } from '../fakes/feishu-api.js';
import {
  buttonsOf,
  formFieldsOf,
  submitOf,
  templateOf,
  textOf,
  titleOf,
} from '../support/feishu-card-read.js';
import { menuEvent } from '../support/feishu-events.js';
import { VERIFICATION_TOKEN } from './support/harness.js';
import { FeishuScenario, is, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const emergency = {
  title: '热修复',
  system: '订单',
  reason_category: 'urgent_revision',
  justification: '大促前必须修复',
  tester: ['ou_bob'],
  director: 'ou_dave',
};

describe('Feishu: commands, the bot menu, and decisions that need input', () => {
  it('opens the new-release form from the bot menu, in a DM', async () => {
    s = await FeishuScenario.start();
    const res = await s.h.post(
      menuEvent({ appId: s.h.appId, token: VERIFICATION_TOKEN, openId: 'ou_alice', eventKey: 'new_release' }),
    );
    expect(res.status).toBe(200);
    await s.settle();
    const [card] = s.api.dmsTo('ou_alice');
    expect(titleOf(s.api.latest(card!))).toBe('新建发布');
    expect(formFieldsOf(s.api.latest(card!)).map((f) => f.name)).toEqual(['flow']);
  });

  it('ignores group chatter that neither mentions the bot nor says /release', async () => {
    s = await FeishuScenario.start();
    await s.say('bob', '今晚上线吗？', 'group', undefined, { mention: false });
    await s.say('bob', '/release list', 'group', undefined, { mention: false });
    expect(s.api.dmsTo('ou_bob').map((m) => s.api.latest(m))).toEqual([{ text: expect.any(String) }]);
  });

  it('answers /release help, list and status privately, whoever asks in the group', async () => {
    s = await FeishuScenario.start();
    await s.newRelease('alice', 'emergency', emergency);
    const groupBefore = s.api.inChat(TEAM_CHAT).length;

    await s.say('mallory', '/release list');
    expect(s.api.dmsTo('ou_mallory').map((m) => s.api.latest(m))).toEqual([
      { text: expect.stringMatching(/./) },
    ]);
    await s.say('erin', '/release list');
    // Erin's list shows the release awaiting her, with its buttons.
    const erinList = s.api.dmsTo('ou_erin').at(-1)!;
    expect(titleOf(s.api.latest(erinList))).toContain('REL-1');
    expect(buttonsOf(s.api.latest(erinList)).map((b) => b.label)).toContain('同意');

    await s.say('bob', '/release status REL-1');
    const status = s.api.dmsTo('ou_bob').at(-1)!;
    expect(titleOf(s.api.latest(status))).toBe('REL-1 · 热修复');
    expect(textOf(s.api.latest(status))).toContain('高管审批紧急上线申请');

    await s.say('bob', '@golive help');
    expect(JSON.stringify(s.api.latest(s.api.dmsTo('ou_bob').at(-1)!))).toContain('/release');
    // Nothing of this reached the group.
    expect(s.api.inChat(TEAM_CHAT)).toHaveLength(groupBefore);
    expect(s.api.cardProblems).toEqual([]);
  });

  it('lists the newest ten releases awaiting someone and counts the rest, in their language', async () => {
    s = await FeishuScenario.start({ english: ['erin'] });
    // 23 emergencies, each awaiting Erin: more than the core reads for one overview (20).
    for (let i = 0; i < 23; i++) await s.newRelease('alice', 'emergency', emergency);
    const before = s.api.dmsTo('ou_erin').length;
    await s.say('erin', '/release list');
    const answer = s.api
      .dmsTo('ou_erin')
      .slice(before)
      .map((m) => s.api.latest(m));
    expect(answer.slice(0, -1).map(titleOf)).toEqual(
      Array.from({ length: 10 }, (_, i) => expect.stringContaining(`REL-${23 - i} `)),
    );
    expect(answer.at(-1)).toEqual({ text: '…and 13 more' });
  });

  it('asks the reason for a rejection in the card, refuses an empty one, and shows the outcome', async () => {
    s = await FeishuScenario.start();
    await s.newRelease('alice', 'emergency', emergency);
    const { message, button } = s.dmButton('erin', is('reject'));
    // One step: the reason form is the confirmation, no dialog comes before it.
    expect(button.confirm).toBe(false);
    const asked = await s.click('erin', message, button);
    const form = asked.answer.card!.data;
    expect(formFieldsOf(form).map((f) => [f.name, f.tag])).toEqual([['reason', 'input']]);

    const empty = await s.click('erin', message, submitOf(form), { reason: '' });
    expect(empty.answer.toast?.type).toBe('error');
    expect(textOf(empty.answer.card!.data)).toContain('必填');
    expect((await s.t.store.load('REL-1'))?.status).toBe('active');

    const done = await s.click('erin', message, submitOf(form), { reason: '风险太高，下周普通发布' });
    expect(done.answer.toast?.type).toBe('success');
    expect(buttonsOf(done.answer.card!.data)).toEqual([]);
    expect((await s.t.store.load('REL-1'))?.status).toBe('rejected');
    const statusCard = s.api.inChat(TEAM_CHAT).find((m) => !m.parentId)!;
    expect(templateOf(s.api.latest(statusCard))).toBe('red');
    expect(s.api.cardProblems).toEqual([]);
  });

  it('hands an approval over (转交) with a person picker', async () => {
    s = await FeishuScenario.start();
    await s.newRelease('alice', 'normal', {
      title: '搜索优化',
      system: '搜索',
      tester: ['ou_bob'],
      director: 'ou_dave',
    });
    // What a phone shows of the status card in its notification and the chat list: release and stage.
    const status = s.api.latest(s.api.inChat(TEAM_CHAT).find((m) => !m.parentId)!) as {
      config?: { summary?: { content?: string } };
    };
    expect(status.config?.summary?.content).toBe('REL-1「搜索优化」：开发完成，待提测');
    await s.press('alice', (i) => i.command.type === 'act' && i.command.action === 'submit_for_test', {});
    await s.press('bob', (i) => i.command.type === 'act' && i.command.action === 'smoke_pass');
    await s.press('bob', (i) => i.command.type === 'act' && i.command.action === 'tests_passed');
    await s.press('bob', (i) => i.command.type === 'act' && i.command.action === 'file_test_report', {
      report: 'https://wiki.example/r',
      summary: '通过',
    });
    await s.press('alice', (i) => i.command.type === 'act' && i.command.action === 'apply_for_launch', {});
    const { message, button } = s.dmButton('bob', is('delegate'));
    const asked = await s.click('bob', message, button);
    const form = asked.answer.card!.data;
    expect(formFieldsOf(form).map((f) => [f.name, f.tag])).toEqual([['to', 'select_person']]);
    await s.click('bob', message, submitOf(form), { to: 'ou_carol' });
    // Carol now has the approval card; Bob's slot is hers.
    expect(s.dmButton('carol', is('approve')).button.label).toBe('同意');
    const release = await s.t.store.load('REL-1');
    expect(release?.gate?.slots.map((x) => x.person).sort()).toEqual(['carol', 'dave']);
    expect(s.api.cardProblems).toEqual([]);
  });

  it('speaks English to a person who reads English', async () => {
    s = await FeishuScenario.start({ english: ['carol'] });
    await s.say('carol', '/release new', 'dm');
    const [card] = s.api.inChat(p2pChatOf('ou_carol'));
    expect(titleOf(s.api.latest(card!))).toBe('New release');
    const refused = await s.click('carol', card!, submitOf(s.api.latest(card!)), { flow: '' });
    expect(refused.answer.toast?.content).toMatch(/^Please correct the fields marked in red/);
  });
});
