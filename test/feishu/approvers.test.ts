import { afterEach, describe, expect, it } from 'vitest';
import { formFieldsOf, submitOf, textOf } from '../support/feishu-card-read.js';
import { FeishuScenario, openIdOf } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

/** `/release new` typed by `who` in a DM, the flow chosen: the form card's message and the form. */
async function formOf(who: string, flow: string) {
  await s.say(who, 'release new', 'dm');
  const [message] = s.api.dmsTo(openIdOf(who));
  const chose = await s.click(who, message!, submitOf(s.api.latest(message!)), { flow });
  return { message: message!, form: chose.answer.card!.data };
}

describe('Feishu: who may be named on a release form', () => {
  it('shows the form card again with the error next to the field: a self-named director, a developer as tester', async () => {
    s = await FeishuScenario.start();
    const { message, form } = await formOf('dave', 'normal');
    const sent = await s.click('dave', message, submitOf(form), {
      title: '支付 v2',
      system: '支付',
      tester: ['ou_alice'],
      director: 'ou_dave',
    });
    expect(sent.answer.toast).toEqual({
      type: 'error',
      content: '请修改标红的字段：测试人员——Alice 在团队配置中不是测试人员，请选择其他人',
    });
    const again = sent.answer.card!.data;
    expect(formFieldsOf(again).map((f) => f.name)).toContain('director');
    expect(textOf(again)).toContain('不能指定自己为技术总监，申请人不能审批自己的发布');
    expect(await s.t.store.load('REL-1')).toBeNull();

    const fixed = await s.click('dave', message, submitOf(again), {
      title: '支付 v2',
      system: '支付',
      tester: ['ou_bob'],
      director: 'ou_dave',
    });
    expect(fixed.answer.toast?.content).toBe(
      '请修改标红的字段：技术总监——不能指定自己为技术总监，申请人不能审批自己的发布',
    );
    expect(await s.t.store.load('REL-1')).toBeNull();
  });

  it('tells the only executive raising an emergency that nobody could approve it, and starts nothing', async () => {
    s = await FeishuScenario.start();
    const { message, form } = await formOf('erin', 'emergency');
    const sent = await s.click('erin', message, submitOf(form), {
      title: '修复支付回调',
      system: '支付',
      reason_category: 'severe_bug',
      justification: '线上支付回调丢失',
      tester: ['ou_bob'],
      director: 'ou_dave',
    });
    expect(JSON.stringify(sent.answer)).toContain(
      '没有人能通过「高管审批紧急上线申请」：申请人担任高管，而团队策略不允许申请人审批自己的发布（approverIsRequester 为 refuse）。',
    );
    expect(await s.t.store.load('REL-1')).toBeNull();
  });
});
