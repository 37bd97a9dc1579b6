import { configSchema } from '../../../src/config/schema.js';
import type { ButtonIntent, Form, FormContext, RawFormValues } from '../../../src/conversation/model.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import type { ChatSurface } from '../../../src/platform/port.js';
import type { GoliveCore, Reply, RequestContext, SubmitResult } from '../../../src/service/api.js';

/**
 * A hand-written GoliveCore for adapter tests that are about Feishu, not releases (signatures,
 * re-pushes, rendering): it records what the adapter asked and answers with fixed replies.
 */
export interface StubCore extends GoliveCore {
  readonly asked: { method: string; ctx: RequestContext; arg?: unknown; values?: RawFormValues }[];
  surface?: ChatSurface;
  replies: { command?: Reply; press?: Reply; submit?: SubmitResult };
}

export const stubForm: Form = {
  title: '新建发布',
  submitLabel: '提交',
  context: { kind: 'new_release', flowId: 'normal' },
  fields: [
    { id: 'title', type: 'text', label: '标题', required: true, maxLength: 100 },
    { id: 'tester', type: 'person', label: '测试', required: true },
    { id: 'window', type: 'datetime', label: '上线时间', required: false },
  ],
};

export function createStubCore(): StubCore {
  const config = configSchema.parse({
    people: [
      { id: 'alice', name: 'Alice', roles: ['developer'], feishu: 'ou_alice' },
      { id: 'bob', name: 'Bob', roles: ['tester'], feishu: 'ou_bob' },
    ],
  });
  const core: StubCore = {
    config,
    flows: [],
    metrics: createMetrics(),
    asked: [],
    replies: {},
    localeFor: () => 'zh-CN',
    async command(ctx, text) {
      core.asked.push({ method: 'command', ctx, arg: text });
      return core.replies.command ?? { kind: 'text', text: `收到：${text}`, tone: 'info' };
    },
    newReleaseForm(ctx, flowId) {
      core.asked.push({ method: 'newReleaseForm', ctx, arg: flowId });
      return stubForm;
    },
    async submit(ctx, context: FormContext, values) {
      core.asked.push({ method: 'submit', ctx, arg: context, values });
      return (
        core.replies.submit ?? { ok: true, reply: { kind: 'text', text: '已创建 REL-1', tone: 'success' } }
      );
    },
    async press(ctx, intent: ButtonIntent) {
      core.asked.push({ method: 'press', ctx, arg: intent });
      return core.replies.press ?? { kind: 'text', text: '已批准', tone: 'success' };
    },
    async refuseInvalidButton(ctx, releaseId) {
      core.asked.push({ method: 'refuseInvalidButton', ctx, arg: releaseId });
      return { kind: 'text', text: '这个按钮无效。', tone: 'warning' };
    },
    async overview() {
      return { awaiting: [], awaitingTotal: 0, mine: [], mineTotal: 0 };
    },
    attach(surface) {
      core.surface = surface;
    },
    async flush() {},
    async ready() {
      return true;
    },
    async stop() {},
  };
  return core;
}
