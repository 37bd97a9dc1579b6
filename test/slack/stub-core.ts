import { configSchema } from '../../src/config/schema.js';
import type { ButtonIntent, Form, FormContext, RawFormValues } from '../../src/conversation/model.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { ChatSurface } from '../../src/platform/port.js';
import type { GoliveCore, Reply, RequestContext, SubmitResult } from '../../src/service/api.js';

/** Every call the adapter made into the core, in order. */
export type CoreCall =
  | { fn: 'command'; ctx: RequestContext; text: string }
  | { fn: 'newReleaseForm'; ctx: RequestContext; flowId?: string }
  | { fn: 'submit'; ctx: RequestContext; context: FormContext; values: RawFormValues }
  | { fn: 'press'; ctx: RequestContext; intent: ButtonIntent }
  | { fn: 'refuseInvalidButton'; ctx: RequestContext; releaseId: unknown }
  | { fn: 'overview'; ctx: RequestContext };

/**
 * A hand-written GoliveCore for the adapter's transport tests: it records what the adapter asked
 * and answers with whatever the test set, so those tests do not depend on release logic.
 */
export class StubCore implements GoliveCore {
  readonly config = configSchema.parse({});
  readonly flows = [];
  readonly metrics = createMetrics();
  readonly calls: CoreCall[] = [];
  surface?: ChatSurface;
  onCommand: (text: string) => Reply = () => ({ kind: 'text', text: 'ok', tone: 'info' });
  onPress: (intent: ButtonIntent) => Reply = () => ({ kind: 'text', text: 'pressed', tone: 'success' });
  onSubmit: (context: FormContext, values: RawFormValues) => SubmitResult = () => ({
    ok: true,
    reply: { kind: 'text', text: 'saved', tone: 'success' },
  });
  onForm: (flowId?: string) => Form = (flowId) => ({
    title: flowId ? `New ${flowId} release` : 'New release',
    submitLabel: 'Next',
    context: flowId ? { kind: 'new_release', flowId } : { kind: 'new_release' },
    fields: flowId
      ? [{ id: 'title', type: 'text', label: 'Title', required: true }]
      : [
          {
            id: 'flow',
            type: 'select',
            label: 'Flow',
            required: true,
            options: [
              { value: 'normal', label: 'Normal' },
              { value: 'emergency', label: 'Emergency' },
            ],
          },
        ],
  });

  localeFor() {
    return 'en' as const;
  }
  async command(ctx: RequestContext, text: string) {
    this.calls.push({ fn: 'command', ctx, text });
    return this.onCommand(text);
  }
  newReleaseForm(ctx: RequestContext, flowId?: string) {
    this.calls.push(flowId ? { fn: 'newReleaseForm', ctx, flowId } : { fn: 'newReleaseForm', ctx });
    return this.onForm(flowId);
  }
  async submit(ctx: RequestContext, context: FormContext, values: RawFormValues) {
    this.calls.push({ fn: 'submit', ctx, context, values });
    return this.onSubmit(context, values);
  }
  async press(ctx: RequestContext, intent: ButtonIntent) {
    this.calls.push({ fn: 'press', ctx, intent });
    return this.onPress(intent);
  }
  async refuseInvalidButton(ctx: RequestContext, releaseId?: unknown) {
    this.calls.push({ fn: 'refuseInvalidButton', ctx, releaseId });
    return { kind: 'text' as const, text: 'This button is not valid.', tone: 'warning' as const };
  }
  async overview(ctx: RequestContext) {
    this.calls.push({ fn: 'overview', ctx });
    return { awaiting: [], awaitingTotal: 0, mine: [], mineTotal: 0 };
  }
  attach(surface: ChatSurface) {
    this.surface = surface;
  }
  async flush() {}
  async ready() {
    return true;
  }
  async stop() {}
}
