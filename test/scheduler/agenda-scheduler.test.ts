import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { TimerState } from '../../src/domain/types.js';
import { createAgendaScheduler } from '../../src/scheduler/agenda-scheduler.js';
import { SqliteAgendaBackend } from '../../src/scheduler/agenda-sqlite-backend.js';
import type { TimerScheduler } from '../../src/scheduler/port.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { expectAgendashShowsTimers } from './agendash-view.js';
import { captureLogger, tempFiles } from './helpers.js';

const files = tempFiles('golive-scheduler-');
afterAll(() => files.cleanup());

const running: TimerScheduler[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const timer = (id: string, dueAt: Date, kind: TimerState['kind'] = 'remind'): TimerState => ({
  id,
  kind,
  specId: id.split(':')[1] ?? id,
  stage: 'sign_off',
  stageEntry: 1,
  dueAt: dueAt.toISOString(),
});
const inMs = (ms: number) => new Date(Date.now() + ms);

/** A scheduler on `file` polling every 100 ms, and the backend it uses (to inspect its jobs). */
function schedulerOn(file: string, extra: { retry?: { firstMs: number; maxMs: number } } = {}) {
  const backend = new SqliteAgendaBackend({ file });
  const log = captureLogger();
  const scheduler = createAgendaScheduler({ backend, logger: log.logger, processEvery: 100, ...extra });
  running.push(scheduler);
  const jobs = async () => (await backend.repository.queryJobs({})).jobs;
  return { scheduler, backend, jobs, lines: log.lines };
}

/** Records every call of the handler as `releaseId/timerId`. */
function recorder() {
  const calls: string[] = [];
  return {
    calls,
    onFire: async (releaseId: string, timerId: string) => void calls.push(`${releaseId}/${timerId}`),
  };
}

describe('Agenda timer scheduler', () => {
  it("answers Agendash's overview and job queries on the SQLite backend", async () => {
    const { scheduler } = schedulerOn(files.next());
    await scheduler.start(async () => undefined);
    await expectAgendashShowsTimers(scheduler);
  });

  it('fires a due timer with its release and timer id, then removes its job', async () => {
    const { scheduler, jobs } = schedulerOn(files.next());
    const { calls, onFire } = recorder();
    await scheduler.start(onFire);
    expect(await scheduler.ready()).toBe(true);
    await scheduler.sync('REL-7', [
      timer('2:escalate', inMs(-1000), 'escalate'),
      timer('2:remind', inMs(3_600_000)),
    ]);
    await vi.waitFor(() => expect(calls).toEqual(['REL-7/2:escalate']), { timeout: 10_000, interval: 50 });
    await vi.waitFor(async () => expect((await jobs()).map((j) => j.name)).toEqual(['remind']), {
      interval: 50,
    });
    expect(calls).toEqual(['REL-7/2:escalate']);
  });

  it('is idempotent: syncing the same timers twice keeps one job each; a new list replaces the old', async () => {
    const { scheduler, jobs } = schedulerOn(files.next());
    const due = inMs(3_600_000);
    const timers = [timer('1:remind', due), timer('1:timeout', due, 'timeout')];
    await scheduler.sync('REL-1', timers);
    await scheduler.sync('REL-1', timers);
    await scheduler.sync('REL-2', [timer('1:remind', due)]);
    const summary = async () =>
      (await jobs())
        .map((j) => {
          const d = j.data as { releaseId: string; timerId: string; dueAt: string };
          return `${j.name} ${d.releaseId}/${d.timerId} ${j.nextRunAt?.toISOString()}`;
        })
        .sort();
    expect(await summary()).toEqual([
      `remind REL-1/1:remind ${due.toISOString()}`,
      `remind REL-2/1:remind ${due.toISOString()}`,
      `timeout REL-1/1:timeout ${due.toISOString()}`,
    ]);

    // The release moved on: a new stage entry's reminder, and the old reminder moved to a later time.
    const later = inMs(7_200_000);
    await scheduler.sync('REL-1', [timer('1:remind', later), timer('2:escalate', due, 'escalate')]);
    expect(await summary()).toEqual([
      `escalate REL-1/2:escalate ${due.toISOString()}`,
      `remind REL-1/1:remind ${later.toISOString()}`,
      `remind REL-2/1:remind ${due.toISOString()}`,
    ]);
    await scheduler.sync('REL-1', []);
    expect(await summary()).toEqual([`remind REL-2/1:remind ${due.toISOString()}`]);
  });

  it('applies overlapping syncs of one release in call order, the last one winning', async () => {
    const { scheduler, jobs } = schedulerOn(files.next());
    const due = inMs(3_600_000);
    // The core syncs after every commit without waiting; three commits in a row overlap.
    await Promise.all([
      scheduler.sync('REL-6', [timer('1:remind', due)]),
      scheduler.sync('REL-6', [timer('2:remind', due)]),
      scheduler.sync('REL-6', [timer('3:remind', due), timer('3:escalate', due, 'escalate')]),
    ]);
    const ids = (await jobs()).map((j) => (j.data as { timerId: string }).timerId).sort();
    expect(ids).toEqual(['3:escalate', '3:remind']);
  });

  it('fires an overdue timer exactly once after a restart', async () => {
    const file = files.next();
    const before = recorder();
    const first = schedulerOn(file);
    await first.scheduler.start(before.onFire);
    const due = inMs(1000);
    await first.scheduler.sync('REL-3', [timer('4:observation_end', due, 'observation_end')]);
    // The process goes down before the timer is due and stays down past it.
    await first.scheduler.stop();
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(due.getTime()), {
      timeout: 5000,
      interval: 50,
    });

    const after = recorder();
    const second = schedulerOn(file);
    await second.scheduler.start(after.onFire);
    await vi.waitFor(() => expect(after.calls).toEqual(['REL-3/4:observation_end']), {
      timeout: 10_000,
      interval: 50,
    });
    // Its job is gone once it fired, so nothing can fire it a second time.
    await vi.waitFor(async () => expect(await second.jobs()).toEqual([]), { interval: 50 });
    expect(after.calls).toEqual(['REL-3/4:observation_end']);
    expect(before.calls).toEqual([]);
  });

  it('fires once when two processes sync and run the same timer', async () => {
    const file = files.next();
    const { calls, onFire } = recorder();
    const a = schedulerOn(file);
    const b = schedulerOn(file);
    const t = [timer('1:activity_end', inMs(-500), 'activity_end')];
    await Promise.all([a.scheduler.sync('REL-9', t), b.scheduler.sync('REL-9', t)]);
    expect(await a.jobs()).toHaveLength(1);
    await Promise.all([a.scheduler.start(onFire), b.scheduler.start(onFire)]);
    await vi.waitFor(() => expect(calls).toEqual(['REL-9/1:activity_end']), {
      timeout: 10_000,
      interval: 50,
    });
    await vi.waitFor(async () => expect(await a.jobs()).toEqual([]), { interval: 50 });
    expect(calls).toEqual(['REL-9/1:activity_end']);
  });

  it('logs a failing handler with its release and retries it until it succeeds', async () => {
    const { scheduler, jobs, lines } = schedulerOn(files.next(), { retry: { firstMs: 100, maxMs: 200 } });
    let attempts = 0;
    await scheduler.start(async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('store unreachable');
    });
    await scheduler.sync('REL-5', [timer('1:verify_prompt', inMs(-100), 'verify_prompt')]);
    await vi.waitFor(async () => expect(await jobs()).toEqual([]), { timeout: 15_000, interval: 50 });
    expect(attempts).toBe(3);
    const failures = lines.filter((l) => l.msg === 'timer handler failed; it will be retried');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({
      releaseId: 'REL-5',
      timerId: '1:verify_prompt',
      kind: 'verify_prompt',
    });
    expect(JSON.stringify(failures[0]?.err)).toContain('store unreachable');
  });

  it('replaces a job whose run was cut off by a crash, if the release still wants the timer', async () => {
    const file = files.next();
    const { scheduler, backend, jobs } = schedulerOn(file);
    const t = [timer('1:remind', inMs(3_600_000))];
    await scheduler.sync('REL-4', t);
    // What a crash mid-run leaves: Agenda cleared nextRunAt when it started the job, the lock expired away.
    const [job] = await jobs();
    await backend.repository.saveJobState({ ...job!, nextRunAt: null, lockedAt: undefined }, undefined);
    await scheduler.sync('REL-4', t);
    const after = await jobs();
    expect(after).toHaveLength(1);
    expect(after[0]?._id).not.toBe(job?._id);
    expect(after[0]?.nextRunAt?.toISOString()).toBe(t[0]?.dueAt);
  });

  it("can share the store's connection and leaves it open when it stops", async () => {
    const store = createSqliteStore({ file: files.next() });
    await store.init();
    const { logger } = captureLogger();
    const scheduler = createAgendaScheduler({
      backend: new SqliteAgendaBackend({ db: store.db }),
      logger,
      processEvery: 100,
    });
    const { calls, onFire } = recorder();
    await scheduler.start(onFire);
    await scheduler.sync('REL-8', [timer('1:timeout', inMs(-10), 'timeout')]);
    await vi.waitFor(() => expect(calls).toEqual(['REL-8/1:timeout']), { timeout: 10_000, interval: 50 });
    await scheduler.stop();
    expect(await store.ping()).toBe(true);
    expect(await store.nextReleaseNumber()).toBe(1);
    await store.close();
  });

  it('is not ready before start or after stop', async () => {
    const { scheduler } = schedulerOn(files.next());
    expect(await scheduler.ready()).toBe(false);
    await scheduler.start(async () => {});
    expect(await scheduler.ready()).toBe(true);
    await scheduler.stop();
    expect(await scheduler.ready()).toBe(false);
  });
});
