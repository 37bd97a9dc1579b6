import { describe, expect, it } from 'vitest';
import { formCard } from '../../adapters/feishu/render/form-card.js';
import { messageCard } from '../../adapters/feishu/render/message-card.js';
import { configSchema } from '../../src/config/schema.js';
import type { Form, Message } from '../../src/conversation/model.js';
import { cardBytes, checkCard, MAX_CARD_BYTES } from '../support/feishu-card-check.js';
import { buttonsOf, formFieldsOf, templateOf, textOf } from '../support/feishu-card-read.js';

const config = configSchema.parse({
  people: [
    { id: 'alice', name: 'Alice', roles: ['developer'], feishu: 'ou_alice' },
    { id: 'bob', name: 'Bob', roles: ['tester'], feishu: 'ou_bob' },
    { id: 'mallory', name: 'Mallory' },
  ],
});

const base: Message = {
  summary: 'REL-7 上线完成',
  header: 'REL-7 订单系统 上线完成',
  tone: 'success',
  body: '第一行\n第二行 **不是粗体** [不是链接](x)',
  fields: [
    { label: '系统', value: '订单' },
    { label: '发布人', value: 'Alice' },
  ],
  links: [{ label: '禅道 Bug #12 [P1]', url: 'https://zentao.example.com/bug-view-12.html' }],
  context: ['REL-7', '普通发布 v1'],
  buttons: [],
};

describe('Feishu cards (JSON 2.0)', () => {
  it('renders a message as a valid card with tone, text, fields and links', () => {
    const card = messageCard(base, 'zh-CN');
    expect(checkCard(card)).toEqual([]);
    expect(templateOf(card)).toBe('green');
    const text = textOf(card);
    expect(text).toContain('REL-7 订单系统 上线完成');
    expect(text).toContain('第一行\n第二行 **不是粗体**');
    expect(text).toContain('订单');
    expect(text).toContain('[禅道 Bug #12  P1](https://zentao.example.com/bug-view-12.html)');
  });

  it('shows the outcome instead of buttons on a finished card', () => {
    const intent = { releaseId: 'REL-7', stageEntry: 3, command: { type: 'approve' as const } };
    const withButtons = {
      ...base,
      buttons: [{ label: '批准', style: 'primary' as const, intent, needsInput: false }],
    };
    expect(buttonsOf(messageCard(withButtons, 'zh-CN')).map((b) => [b.label, b.confirm])).toEqual([
      ['批准', true],
    ]);
    const finished = messageCard({ ...withButtons, outcome: '已由 Bob 批准' }, 'zh-CN');
    expect(checkCard(finished)).toEqual([]);
    expect(buttonsOf(finished)).toEqual([]);
    expect(textOf(finished)).toContain('已由 Bob 批准');
  });

  it('keeps a huge message under the 30 KB limit', () => {
    const huge: Message = {
      ...base,
      body: '很长的说明'.repeat(5000),
      fields: Array.from({ length: 80 }, (_, i) => ({ label: `字段${i}`, value: '值'.repeat(2000) })),
      links: Array.from({ length: 60 }, (_, i) => ({ label: `链接${i}`, url: `https://example.com/${i}` })),
      context: ['REL-9'],
    };
    const card = messageCard(huge, 'zh-CN');
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(checkCard(card)).toEqual([]);
  });

  const everyField: Form = {
    title: '新建发布：普通发布',
    submitLabel: '提交',
    context: { kind: 'new_release', flowId: 'normal' },
    fields: [
      { id: 'title', type: 'text', label: '标题', required: true, maxLength: 80 },
      { id: 'notes', type: 'textarea', label: '说明', required: false },
      {
        id: 'kind',
        type: 'select',
        label: '类型',
        required: true,
        options: [{ value: 'web', label: 'Web' }],
      },
      { id: 'tester', type: 'person', label: '测试', required: true, initial: 'bob' },
      { id: 'approvers', type: 'people', label: '审批人', required: true },
      { id: 'window', type: 'datetime', label: '上线窗口', required: false, initial: '2026-12-01T12:30:00Z' },
      { id: 'days', type: 'number', label: '观察天数', required: false, initial: 3 },
      { id: 'link', type: 'url', label: '链接', required: false },
      { id: 'bugs', type: 'urls', label: '禅道链接', required: false },
      { id: 'steps', type: 'lines', label: '步骤', required: false },
    ],
  };

  it('renders every field type as a form a person can submit', () => {
    const card = formCard(everyField, { locale: 'zh-CN', config, channel: 'oc_group' });
    expect(checkCard(card)).toEqual([]);
    expect(formFieldsOf(card).map((f) => [f.name, f.tag])).toEqual([
      ['title', 'input'],
      ['notes', 'input'],
      ['kind', 'select_static'],
      ['tester', 'select_person'],
      ['approvers', 'multi_select_person'],
      ['window', 'picker_datetime'],
      ['days', 'input'],
      ['link', 'input'],
      ['bugs', 'input'],
      ['steps', 'input'],
    ]);
    // Person pickers list the configured people with a Feishu id, not the DM's two members.
    expect(formFieldsOf(card).find((f) => f.name === 'approvers')?.options).toEqual(['ou_alice', 'ou_bob']);
    const json = JSON.stringify(card);
    expect(json).toContain('"initial_option":"ou_bob"');
    expect(json).toContain('"initial_datetime":"2026-12-01 20:30"');
    expect(buttonsOf(card).find((b) => b.submit)?.value).toEqual({
      golive: 1,
      kind: 'submit',
      form: { kind: 'new_release', flowId: 'normal' },
      channel: 'oc_group',
    });
  });

  it('keeps a form with person pickers under 30 KB for a large team', () => {
    const big = configSchema.parse({
      people: Array.from({ length: 1200 }, (_, i) => ({
        id: `p${i}`,
        name: `P${i}`,
        feishu: `ou_${'x'.repeat(28)}${i}`,
      })),
    });
    const card = formCard(everyField, { locale: 'zh-CN', config: big });
    expect(checkCard(card)).toEqual([]);
    expect(formFieldsOf(card).find((f) => f.name === 'approvers')?.options.length).toBeGreaterThan(100);
  });

  it('shows the errors of a refused form next to the fields, keeping what was entered', () => {
    const card = formCard(everyField, {
      locale: 'en',
      config,
      errors: { title: 'Title is required' },
      values: { notes: 'kept text' },
    });
    expect(checkCard(card)).toEqual([]);
    expect(templateOf(card)).toBe('orange');
    expect(textOf(card)).toContain('Please correct the fields marked in red');
    expect(textOf(card)).toContain('Title is required');
    expect(JSON.stringify(card)).toContain('"default_value":"kept text"');
  });
});

describe('the card checker', () => {
  const good = messageCard(base, 'zh-CN');
  it('catches what Feishu would refuse', () => {
    expect(checkCard({ ...good, schema: '1.0' })).toContain('$.schema: must be "2.0"');
    expect(checkCard({ ...good, elements: [] }).join()).toContain('"elements" is not allowed');
    expect(checkCard({ ...good, body: { elements: [{ tag: 'action', actions: [] }] } }).join()).toContain(
      'tag "action"',
    );
    expect(
      checkCard({
        ...good,
        body: { elements: [{ tag: 'div', text: { tag: 'plain_text', content: 'x' }, extra: 1 }] },
      }).join(),
    ).toContain('"extra" is not allowed');
    const nestedForm = {
      tag: 'column_set',
      flex_mode: 'none',
      columns: [{ tag: 'column', width: 'auto', elements: [{ tag: 'form', name: 'f', elements: [] }] }],
    };
    expect(checkCard({ ...good, body: { elements: [nestedForm] } }).join()).toContain('only sit at the root');
    expect(
      checkCard({
        ...good,
        body: { elements: [{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }] },
      }).join(),
    ).toContain('over the 30720 limit');
  });
});
