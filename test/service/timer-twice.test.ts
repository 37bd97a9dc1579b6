import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestCore, replyText, type TestCore } from '../support/core.js';

// The scheduler's lock is not what makes a timer's effect happen once: a job can run twice (a replica
// that stalled past its lock, FerretDB's non-single-winner lock, a retry after a lost answer), or on two
// replicas at the same moment. The timer id carries its round and the commit is conditional on the
// release's version, so every run after the first is refused as stale.
const cores: TestCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Two bot processes on one SQLite file, as two replicas share one database. */
async function twoReplicas() {
  const dir = mkdtempSync(join(tmpdir(), 'golive-twice-'));
  dirs.push(dir);
  const file = join(dir, 'golive.db');
  const a = await createTestCore({ store: createSqliteStore({ file }) });
  cores.push(a);
  const b = await createTestCore({ store: createSqliteStore({ file }) });
  cores.push(b);
  return [a, b] as const;
}

async function releaseWithReminder(t: TestCore) {
  const first = await t.core.command(t.as('alice'), 'new normal');
  if (first.kind !== 'form') throw new Error('no form');
  const made = await t.core.submit(t.as('alice'), first.form.context, {
    title: 'Checkout v2',
    system: 'shop',
    tester: 'bob',
    director: 'dave',
  });
  expect(made.ok && replyText(made.reply)).toContain('Created REL-1');
  const timer = t.scheduler.of('REL-1').find((x) => x.kind === 'remind');
  if (!timer) throw new Error('REL-1 has no reminder');
  return timer;
}

const remindersIn = (...ts: TestCore[]) =>
  ts.flatMap((t) => t.surface.sent).filter((s) => JSON.stringify(s.message).includes('Reminder: REL-1'));

describe('a timer that fires more than once', () => {
  it('sends one reminder and records one audit event when its job runs twice, one run after the other', async () => {
    const [a] = await twoReplicas();
    const timer = await releaseWithReminder(a);
    a.clock.set(timer.dueAt);
    await a.scheduler.run('REL-1', timer.id, timer.dueAt);
    await a.scheduler.run('REL-1', timer.id, timer.dueAt);
    await a.core.flush();

    expect(remindersIn(a)).toHaveLength(1);
    const trail = (await a.store.events('REL-1')).map((e) => e.what);
    expect(trail).toEqual(['create', 'timer:remind']);
    // The repeat reminder is the next round: a new timer id, scheduled once.
    expect(
      a.scheduler
        .of('REL-1')
        .filter((x) => x.kind === 'remind')
        .map((x) => x.id),
    ).not.toContain(timer.id);
    expect((await a.core.metrics.staleTimerRuns.get()).values[0]?.value).toBe(1);
    // Its lateness is measured once, for the run that had the effect.
    const lateness = await a.core.metrics.timerLateness.get();
    expect(lateness.values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(1);
  });

  it('sends one reminder and records one audit event when two replicas run it at the same moment', async () => {
    const [a, b] = await twoReplicas();
    const timer = await releaseWithReminder(a);
    a.clock.set(timer.dueAt);
    b.clock.set(timer.dueAt);
    await Promise.all([
      a.scheduler.run('REL-1', timer.id, timer.dueAt),
      b.scheduler.run('REL-1', timer.id, timer.dueAt),
    ]);
    await Promise.all([a.core.flush(), b.core.flush()]);

    expect(remindersIn(a, b)).toHaveLength(1);
    const trail = (await a.store.events('REL-1')).map((e) => e.what);
    expect(trail).toEqual(['create', 'timer:remind']);
  });
});
