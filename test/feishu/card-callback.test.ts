import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ButtonIntent, Message } from '../../src/conversation/model.js';
import { checkCard } from '../support/feishu-card-check.js';
import { button, buttonsOf, formFieldsOf, submitOf, textOf } from '../support/feishu-card-read.js';
import { cardActionEvent } from '../support/feishu-events.js';
import { type FeishuHarness, startFeishuHarness, VERIFICATION_TOKEN } from './support/harness.js';
import { createStubCore, type StubCore, stubForm } from './support/stub-core.js';

const approve: ButtonIntent = { releaseId: 'REL-1', stageEntry: 2, command: { type: 'approve' } };
const reject: ButtonIntent = { releaseId: 'REL-1', stageEntry: 2, command: { type: 'reject' } };

const actionCard: Message = {
  summary: 'REL-1 等待你审批',
  header: 'REL-1 支付系统上线',
  tone: 'info',
  body: '请审批测试报告',
  fields: [{ label: '阶段', value: '测试签字' }],
  links: [],
  context: ['REL-1'],
  buttons: [
    { label: '批准', style: 'primary', intent: approve, needsInput: false },
    { label: '驳回', style: 'danger', intent: reject, needsInput: true },
  ],
};

type Answer = {
  toast?: { type: string; content: string };
  card?: { type: string; data: Record<string, unknown> };
};

describe('Feishu card callbacks', () => {
  let core: StubCore;
  let h: FeishuHarness;
  beforeEach(async () => {
    core = createStubCore();
    h = await startFeishuHarness(core);
  });
  afterEach(() => h.close());

  /** The core sends bob an action card; returns the sent message and the button values on it. */
  async function sendActionCard() {
    const ref = await core.surface!.sendToUser('ou_bob', actionCard);
    const sent = h.api.byId(ref.id)!;
    return {
      ref,
      sent,
      values: buttonsOf(h.api.latest(sent)).map((b) => b.value as { intent: ButtonIntent }),
    };
  }

  const click = (
    value: unknown,
    messageId: string,
    chatId: string,
    formValue?: Record<string, unknown>,
    openId = 'ou_bob',
  ) =>
    h.post(
      cardActionEvent({
        appId: h.appId,
        token: VERIFICATION_TOKEN,
        openId,
        value,
        messageId,
        chatId,
        ...(formValue ? { formValue } : {}),
      }),
    );

  it('renders an action card with confirmed Approve and Reject buttons carrying the intent', async () => {
    const { sent, values } = await sendActionCard();
    const card = h.api.latest(sent);
    expect(checkCard(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('REL-1 支付系统上线');
    expect(text).toContain('"confirm"');
    expect(values.map((v) => v.intent.command.type)).toEqual(['approve', 'reject']);
  });

  it('passes a click to the core, answers with its toast and the card as the core now shows it', async () => {
    const decided = { ...actionCard, buttons: [], outcome: '✅ 你已于 11月24日 10:00 同意' };
    core.replies.press = { kind: 'text', text: '已记录：同意（REL-1）。', tone: 'success', card: decided };
    const { sent, values } = await sendActionCard();
    const res = await click(values[0], sent.id, sent.chatId);
    expect(res.status).toBe(200);
    const answer = res.body as Answer;
    expect(answer.toast).toEqual({ type: 'success', content: '已记录：同意（REL-1）。' });
    expect(checkCard(answer.card!.data)).toEqual([]);
    expect(buttonsOf(answer.card!.data)).toEqual([]);
    expect(textOf(answer.card!.data)).toContain('REL-1 支付系统上线');
    expect(textOf(answer.card!.data)).toContain('✅ 你已于 11月24日 10:00 同意');
    expect(core.asked).toMatchObject([
      { method: 'press', ctx: { platform: 'feishu', userId: 'ou_bob' }, arg: approve },
    ]);
  });

  it('leaves the card to the core when its answer carries none', async () => {
    const { sent, values } = await sendActionCard();
    const res = await click(values[0], sent.id, sent.chatId);
    expect(res.body).toEqual({ toast: { type: 'success', content: '已批准' } });
  });

  it('answers a refusal privately with an error toast', async () => {
    core.replies.press = { kind: 'text', text: '你不是此关卡的审批人', tone: 'error' };
    const { sent, values } = await sendActionCard();
    const res = await click(values[0], sent.id, sent.chatId, undefined, 'ou_mallory');
    expect(res.body).toEqual({ toast: { type: 'error', content: '你不是此关卡的审批人' } });
    // Nothing was posted anywhere: the toast is seen only by the clicker.
    expect(h.api.apiCalls().filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('replaces a DM card with the form a button needs, and a refused submission shows the errors', async () => {
    core.replies.press = {
      kind: 'form',
      form: { ...stubForm, context: { kind: 'command', intent: reject } },
    };
    const { sent, values } = await sendActionCard();
    const res = (await click(values[1], sent.id, sent.chatId)).body as Answer;
    expect(res.card?.type).toBe('raw');
    expect(checkCard(res.card!.data)).toEqual([]);
    expect(formFieldsOf(res.card!.data).map((f) => [f.name, f.tag])).toEqual([
      ['title', 'input'],
      ['tester', 'select_person'],
      ['window', 'picker_datetime'],
    ]);

    core.replies.submit = { ok: false, errors: { title: '标题不能为空' } };
    const submitValue = submitOf(res.card!.data).value;
    const refused = (await click(submitValue, sent.id, sent.chatId, { title: '', tester: 'ou_bob' }))
      .body as Answer;
    expect(refused.toast?.type).toBe('error');
    expect(refused.toast?.content).toContain('标题不能为空');
    expect(JSON.stringify(refused.card?.data)).toContain('标题不能为空');
    expect(checkCard(refused.card!.data)).toEqual([]);
    expect(core.asked.find((a) => a.method === 'submit')).toMatchObject({
      arg: { kind: 'command', intent: reject },
      values: { title: '', tester: 'ou_bob' },
    });
    // Showing the errors did not press the button again.
    expect(core.asked.filter((a) => a.method === 'press')).toHaveLength(1);
  });

  it('sends the form by DM when the button sat on a group card', async () => {
    core.replies.press = {
      kind: 'form',
      form: { ...stubForm, context: { kind: 'command', intent: reject } },
    };
    const ref = await core.surface!.sendToChannel('oc_group', actionCard);
    const rejectButton = button(h.api.latest(h.api.byId(ref.id)!), '驳回');
    const res = (await click(rejectButton.value, ref.id, 'oc_group')).body as Answer;
    expect(res.card).toBeUndefined();
    expect(res.toast?.content).toBe('已私信发送表单给你');
    const dm = h.api.dmsTo('ou_bob');
    expect(dm).toHaveLength(1);
    expect(checkCard(h.api.latest(dm[0]!))).toEqual([]);
  });

  it('converts date-time picker values to ISO 8601 for the core', async () => {
    const { sent } = await sendActionCard();
    const value = {
      golive: 1,
      kind: 'submit',
      form: { kind: 'new_release', flowId: 'normal' },
      channel: 'oc_group',
    };
    const res = (await click(value, sent.id, sent.chatId, { title: 'x', window: '2026-12-01 20:30 +0800' }))
      .body as Answer;
    expect(res.toast).toEqual({ type: 'success', content: '已创建 REL-1' });
    expect(core.asked[0]).toMatchObject({
      method: 'submit',
      ctx: { channel: 'oc_group' },
      values: { title: 'x', window: '2026-12-01T20:30:00+08:00' },
    });
  });

  it('treats a click on a card golive did not make as out of date', async () => {
    const res = (await click({ something: 'else' }, 'om_x', 'oc_x')).body as Answer;
    expect(res.toast?.type).toBe('info');
    expect(core.asked).toEqual([]);
  });

  it('answers a slow core within the callback time and patches the card when done', async () => {
    await h.close();
    h = await startFeishuHarness(core, { answerWithinMs: 20 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    core.replies.press = {
      kind: 'form',
      form: { ...stubForm, context: { kind: 'command', intent: reject } },
    };
    const slowPress = core.press.bind(core);
    core.press = async (ctx, intent) => {
      await gate;
      return slowPress(ctx, intent);
    };
    const { sent, values } = await sendActionCard();
    const res = (await click(values[1], sent.id, sent.chatId)).body as Answer;
    expect(res.toast?.content).toBe('尚未保存：处理超时。如果卡片稍后没有更新，请重试。');
    release();
    await h.adapter.idle();
    expect(sent.versions).toHaveLength(2);
    expect(JSON.stringify(h.api.latest(sent))).toContain('"tag":"form"');
  });
});
