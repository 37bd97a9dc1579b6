import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestCore, reopenableStore, type TestCore } from '../support/core.js';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

describe('a message sent whose delivery the store could not record at first', () => {
  it('is recorded once the store answers again, and not sent a second time', async () => {
    const store = reopenableStore()();
    // The store refuses to record each message's delivery twice (a busy or failing-over server).
    const refusals = new Map<string, number>();
    const markDelivered = store.markDelivered.bind(store);
    store.markDelivered = async (key) => {
      const refused = refusals.get(key) ?? 0;
      if (refused < 2) {
        refusals.set(key, refused + 1);
        throw new Error('server selection timed out');
      }
      return markDelivered(key);
    };
    const t = await createTestCore({ store });
    cores.push(t);

    const made = await t.core.submit(
      t.as('alice', { channel: 'team' }),
      { kind: 'new_release', flowId: 'normal' },
      { title: 'Checkout v2', system: 'shop', tester: 'bob', director: 'dave' },
    );
    expect(made.ok).toBe(true);
    const later = () => new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    await vi.waitFor(
      async () => {
        await t.core.flush();
        expect(await store.pendingOutbox(later(), 10)).toEqual([]);
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(refusals.size).toBeGreaterThan(0);
    const sent = t.surface.sent.filter((s) => s.kind !== 'update');
    const seen = sent.map((s) => `${s.kind} ${s.to} ${s.thread?.id ?? ''} ${s.message.header}`);
    expect(seen.filter((s, i) => seen.indexOf(s) !== i)).toEqual([]);
    expect(sent.filter((s) => s.kind === 'channel' && !s.thread)).toHaveLength(1);
  }, 60_000);
});
