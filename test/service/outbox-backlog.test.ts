import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/conversation/model.js';
import type { MessageRef } from '../../src/domain/types.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { RecordingSurface } from '../support/recording-surface.js';

let t: TestCore;
afterEach(() => t?.stop());

/** A surface whose channel posts wait until the test opens the gate: the outbox backs up behind it. */
class GatedSurface extends RecordingSurface {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  release() {
    this.open();
  }
  override async sendToChannel(channel: string, message: Message, thread?: MessageRef) {
    await this.gate;
    return super.sendToChannel(channel, message, thread);
  }
}

describe('outbox: a burst of releases', () => {
  it('gets every status card out in one flush, not one batch per sweep of the outbox', async () => {
    t = await createTestCore({ attachSurface: false });
    const surface = new GatedSurface('local');
    t.core.attach(surface);
    const count = 260;
    for (let i = 0; i < count; i++) {
      const made = await t.core.submit(
        t.as('alice'),
        { kind: 'new_release', flowId: 'emergency' },
        {
          title: `Hotfix ${i}`,
          system: 'pay',
          reason_category: 'severe_bug',
          justification: 'outage',
          tester: ['bob'],
          director: 'dave',
        },
      );
      expect(made.ok).toBe(true);
    }
    surface.release();
    await t.core.flush();
    const cards = surface.sent.filter((s) => s.kind === 'channel' && !s.thread).map((s) => s.message.header);
    expect(new Set(cards).size).toBe(count);
  });
});
