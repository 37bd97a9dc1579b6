import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { GoliveCore, RequestContext } from '../../src/service/api.js';
import { createCore } from '../../src/service/create-core.js';
import type { ReleaseStore } from '../../src/store/port.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInFlows, replyText, TestClock } from '../support/core.js';
import { ManualScheduler } from '../support/manual-scheduler.js';
import { testConfig } from '../support/people.js';

let core: GoliveCore | undefined;
afterEach(() => core?.stop());

/** The embedded store, counting finished rounds of forgetting old request keys. */
function countingStore(): { store: ReleaseStore; rounds: () => number } {
  const inner = createSqliteStore({ file: ':memory:' });
  let rounds = 0;
  const store = new Proxy(inner, {
    get(target, key) {
      if (key === 'forgetRequestKeys')
        return async (before: string) => {
          const n = await target.forgetRequestKeys(before);
          rounds += 1;
          return n;
        };
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, rounds: () => rounds };
}

describe('request keys', () => {
  it('are remembered for a week, so a retried delivery counts once, then forgotten in the background', async () => {
    const clock = new TestClock();
    const { store, rounds } = countingStore();
    core = await createCore({
      config: testConfig(),
      flows: builtInFlows(),
      store,
      scheduler: new ManualScheduler(),
      logger: createLogger({ level: 'silent' }),
      now: clock.now,
      requestKeyPruneEveryMs: 20,
    });
    const ctx: RequestContext = { platform: 'slack', userId: 'U_ALICE', channel: 'C_TEAM' };
    const form = await core.command(ctx, 'new normal');
    if (form.kind !== 'form') throw new Error('no release form');
    const values = { title: 'Checkout v2', system: 'shop', tester: 'U_BOB', director: 'U_DAVE' };
    const submit = () =>
      core!.submit({ ...ctx, idempotencyKey: 'slack:view:V1:h1' }, form.form.context, values);
    const first = await submit();
    expect(first.ok && replyText(first.reply)).toContain('Created REL-1');
    const retried = await submit();
    expect(retried.ok && replyText(retried.reply)).toBe('That was already handled.');

    // Six days on, after whole pruning rounds on the moved clock, the key is still there.
    clock.advanceHours(24 * 6);
    const seen = rounds();
    await vi.waitFor(() => expect(rounds()).toBeGreaterThan(seen + 1), { timeout: 10_000 });
    expect(await store.findByIdempotencyKey('slack:view:V1:h1')).toEqual({ releaseId: 'REL-1' });
    expect((await store.list({})).map((r) => r.id)).toEqual(['REL-1']);

    // Past a week it is forgotten, with nobody calling for it.
    clock.advanceHours(24 * 2);
    await vi.waitFor(async () => expect(await store.findByIdempotencyKey('slack:view:V1:h1')).toBeNull(), {
      timeout: 10_000,
    });
    expect(await store.load('REL-1')).not.toBeNull();
  });
});
