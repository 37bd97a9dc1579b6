import { describe, expect, it, vi } from 'vitest';
import { untilNoneLeft } from '../support/until-none-left.js';
import { expectAgendashShowsTimers } from './agendash-view.js';
import { timer } from './helpers.js';
import { mongoSchedulerProcesses } from './mongo-processes.js';

// Two bot processes, each with its own connection, sharing one database (FerretDB in CI). On MongoDB
// Agenda's lock is single-winner and each job runs once; on FerretDB both processes sometimes lock one
// job, so here every timer must fire and nothing else may: its effect is once however often it runs
// (test/service/timer-twice.test.ts and mongo-processes-reminders.test.ts prove that).
vi.setConfig({ testTimeout: 900_000 });
const { dbs, processOn } = mongoSchedulerProcesses('agenda');

/** Records every call of the handler as `releaseId/timerId`, and which process made it. */
function recorder() {
  const calls: string[] = [];
  const by = new Map<string, number>();
  const onFire = (proc: string) => async (releaseId: string, timerId: string) => {
    calls.push(`${releaseId}/${timerId}`);
    by.set(proc, (by.get(proc) ?? 0) + 1);
  };
  return { calls, by, onFire };
}

describe('Agenda on MongoDB, two processes', () => {
  it("answers Agendash's overview and job queries from Agenda's own collection", async () => {
    const a = await processOn(dbs.fresh(), { name: 'proc-a' });
    await a.scheduler.start(async () => undefined);
    await expectAgendashShowsTimers(a.scheduler);
  });

  it('fires each of 200 timers due within a few seconds, and nothing else', async () => {
    const dbName = dbs.fresh();
    const a = await processOn(dbName, { name: 'proc-a' });
    const b = await processOn(dbName, { name: 'proc-b' });
    const { calls, onFire } = recorder();
    const start = Date.now();
    const expected: string[] = [];
    // 40 releases with 5 reminders each, due over the next 3 seconds; each process syncs half of them.
    for (let r = 1; r <= 40; r += 1) {
      const timers = Array.from({ length: 5 }, (_, i) =>
        timer(`1:remind-${i}`, new Date(start + ((r * 5 + i) % 30) * 100)),
      );
      await (r % 2 ? a : b).scheduler.sync(`REL-${r}`, timers);
      expected.push(...timers.map((t) => `REL-${r}/${t.id}`));
    }
    expect(await a.jobs.countDocuments()).toBe(200);
    await Promise.all([a.scheduler.start(onFire('a')), b.scheduler.start(onFire('b'))]);

    // As long as jobs keep being run: a loaded machine is slow, a stall still fails.
    await untilNoneLeft(async () => {
      const left = await a.jobs.countDocuments();
      return { left, what: () => `${left} jobs not run, ${new Set(calls).size} timers fired` };
    });
    expect([...new Set(calls)].sort()).toEqual([...expected].sort());
  });

  it('keeps one job per timer when both processes sync the same timers at once, and fires them', async () => {
    const dbName = dbs.fresh();
    const a = await processOn(dbName, { name: 'proc-a' });
    const b = await processOn(dbName, { name: 'proc-b' });
    const { calls, onFire } = recorder();
    const timers = [
      timer('3:remind', new Date(Date.now() + 300)),
      timer('3:escalate', new Date(Date.now() + 400)),
    ];
    await Promise.all([a.scheduler.sync('REL-1', timers), b.scheduler.sync('REL-1', timers)]);
    expect(await a.jobs.countDocuments()).toBe(2);
    await Promise.all([a.scheduler.start(onFire('a')), b.scheduler.start(onFire('b'))]);
    await vi.waitFor(async () => expect(await a.jobs.countDocuments()).toBe(0), {
      timeout: 30_000,
      interval: 100,
    });
    expect([...new Set(calls)].sort()).toEqual(['REL-1/3:escalate', 'REL-1/3:remind']);
  });
});
