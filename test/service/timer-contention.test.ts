import { afterEach, describe, expect, it } from 'vitest';
import type { CommitResult } from '../../src/store/port.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestCore, replyText, type TestCore } from '../support/core.js';

// A timer firing while other writes keep winning the race for its release (several replicas, a busy
// database) must not be spent: the scheduler only retries a job whose handler failed.
let t: TestCore | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('a reminder that loses every race for its release', () => {
  it('fails its job so the scheduler retries it, instead of counting as sent', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    t = await createTestCore({ store });
    const first = await t.core.command(t.as('alice'), 'new normal');
    if (first.kind !== 'form') throw new Error('no form');
    const made = await t.core.submit(t.as('alice'), first.form.context, {
      title: 'Checkout v2',
      system: 'shop',
      tester: 'bob',
      director: 'dave',
    });
    expect(made.ok && replyText(made.reply)).toContain('Created REL-1');
    const [timer] = t.scheduler.of('REL-1');
    if (!timer) throw new Error('REL-1 has no timer');

    // Every commit now finds the release moved on by someone else.
    const commit = store.commit.bind(store);
    store.commit = async (): Promise<CommitResult> => ({ ok: false, reason: 'conflict' });
    t.clock.set(timer.dueAt);
    await expect(t.scheduler.fireDue(t.clock.now())).rejects.toThrow(/REL-1/);
    store.commit = commit;

    // Nothing was recorded or sent for it; the release still holds the timer for the retry.
    expect((await store.events('REL-1')).map((e) => e.what)).toEqual(['create']);
    expect((await store.load('REL-1'))?.timers.map((x) => x.id)).toContain(timer.id);
  });

  it('a second run of the same job is refused, sends nothing, and is counted for the operator', async () => {
    t = await createTestCore();
    const first = await t.core.command(t.as('alice'), 'new normal');
    if (first.kind !== 'form') throw new Error('no form');
    await t.core.submit(t.as('alice'), first.form.context, {
      title: 'Checkout v2',
      system: 'shop',
      tester: 'bob',
      director: 'dave',
    });
    const [timer] = t.scheduler.of('REL-1');
    if (!timer) throw new Error('REL-1 has no timer');
    t.clock.set(timer.dueAt);
    await t.tick();
    const trail = (await t.store.events('REL-1')).map((e) => e.what);
    const dms = t.surface.sent.length;

    await t.scheduler.fireAgain('REL-1', timer.id);
    await t.core.flush();
    expect((await t.store.events('REL-1')).map((e) => e.what)).toEqual(trail);
    expect(t.surface.sent.length).toBe(dms);
    const metrics = await t.core.metrics.registry.metrics();
    expect(metrics).toMatch(/^golive_timer_stale_runs_total\{app="golive"\} 1$/m);
  });
});
