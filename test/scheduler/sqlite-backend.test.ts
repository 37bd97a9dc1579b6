import { Agenda, type JobParameters, type JobRepository } from 'agenda';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteAgendaBackend } from '../../src/scheduler/agenda-sqlite-backend.js';
import { tempFiles } from './helpers.js';

const files = tempFiles('golive-agenda-');
afterAll(() => files.cleanup());

const toStop: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(toStop.splice(0).map((a) => a.stop()));
});

describe('Agenda on the SQLite backend', () => {
  it('runs each of 50 due jobs exactly once across two Agenda instances sharing the file', async () => {
    const file = files.next();
    const runs = new Map<string, string[]>();
    const makeAgenda = (name: string) => {
      const agenda = new Agenda({ backend: new SqliteAgendaBackend({ file }), name, processEvery: 100 });
      agenda.define(
        'deliver',
        async (job) => {
          const id = String((job.attrs.data as { n: number }).n);
          runs.set(id, [...(runs.get(id) ?? []), name]);
          // Hold the job a moment so both instances are busy at once and really compete.
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
        { removeOnComplete: true },
      );
      toStop.push(agenda);
      return agenda;
    };
    const a = makeAgenda('proc-a');
    const b = makeAgenda('proc-b');
    await a.ready;
    for (let n = 0; n < 50; n += 1) await a.now('deliver', { n });
    await Promise.all([a.start(), b.start()]);

    // Done when every job is gone (removed after success) and neither instance holds a lock any more.
    await vi.waitFor(
      async () => {
        expect((await a.queryJobs({})).total).toBe(0);
        expect((await a.getRunningStats()).lockedJobs).toBe(0);
        expect((await b.getRunningStats()).lockedJobs).toBe(0);
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(runs.size).toBe(50);
    expect([...runs.values()].filter((by) => by.length !== 1)).toEqual([]);
  });
});

describe('SqliteJobRepository', () => {
  const connected = async (): Promise<JobRepository> => {
    const backend = new SqliteAgendaBackend({ file: files.next('repo') });
    await backend.connect();
    toStop.push({ stop: () => backend.disconnect() });
    return backend.repository;
  };
  const job = (over: Partial<JobParameters> = {}): JobParameters => ({
    name: 'remind',
    priority: 0,
    nextRunAt: new Date(Date.now() - 1000),
    type: 'normal',
    data: { releaseId: 'REL-1', timerId: '1:remind' },
    ...over,
  });
  const future = () => new Date(Date.now() + 60_000);
  const past = () => new Date(Date.now() - 60_000);

  it('hands a due job to one caller only, and a stale lock to the next caller', async () => {
    const repo = await connected();
    const saved = await repo.saveJob(job(), undefined);
    const first = await repo.getNextJobToRun('remind', new Date(), past(), undefined, {
      lastModifiedBy: 'a',
    });
    expect(first?._id).toBe(saved._id);
    expect(first?.lockedAt).toBeInstanceOf(Date);
    expect(await repo.getNextJobToRun('remind', new Date(), past(), undefined, undefined)).toBeUndefined();
    expect((await repo.getJobById(saved._id!))?.lastModifiedBy).toBe('a');
    // The holder has not touched it since before the deadline: it died, the job is taken over.
    const takeover = await repo.getNextJobToRun('remind', new Date(), future(), undefined, {
      lastModifiedBy: 'b',
    });
    expect(takeover?._id).toBe(saved._id);
    expect(takeover?.lastModifiedBy).toBe('b');
  });

  it('hands out the earliest due job first, and the higher priority one of two due together', async () => {
    const repo = await connected();
    const t = Date.now() - 10_000;
    const late = await repo.saveJob(job({ nextRunAt: new Date(t + 5000), priority: 20 }), undefined);
    const low = await repo.saveJob(job({ nextRunAt: new Date(t), priority: 0 }), undefined);
    const high = await repo.saveJob(job({ nextRunAt: new Date(t), priority: 10 }), undefined);
    const order: unknown[] = [];
    for (let i = 0; i < 4; i += 1)
      order.push((await repo.getNextJobToRun('remind', new Date(), past(), undefined, undefined))?._id);
    expect(order).toEqual([high._id, low._id, late._id, undefined]);
  });

  it('leaves jobs due after the next scan, disabled jobs and other names alone', async () => {
    const repo = await connected();
    await repo.saveJob(job({ nextRunAt: future() }), undefined);
    const disabled = await repo.saveJob(job({ disabled: true }), undefined);
    await repo.saveJob(job({ name: 'escalate' }), undefined);
    expect(await repo.getNextJobToRun('remind', new Date(), past(), undefined, undefined)).toBeUndefined();
    expect(await repo.enableJobs({ id: disabled._id })).toBe(1);
    expect((await repo.getNextJobToRun('remind', new Date(), past(), undefined, undefined))?._id).toBe(
      disabled._id,
    );
  });

  it('keeps a running job locked on unlockJob, frees it on unlockJobs; lockJob locks once', async () => {
    const repo = await connected();
    const saved = await repo.saveJob(job({ nextRunAt: future() }), undefined);
    const locked = await repo.lockJob(saved, undefined);
    expect(locked?.lockedAt).toBeInstanceOf(Date);
    expect(await repo.lockJob(saved, undefined)).toBeUndefined();
    await repo.unlockJob(saved);
    expect((await repo.getJobById(saved._id!))?.lockedAt).toBeUndefined();

    const running = (await repo.lockJob(saved, undefined))!;
    // Agenda clears nextRunAt when a one-off job starts.
    await repo.saveJobState({ ...running, nextRunAt: null, lastRunAt: new Date() }, undefined);
    await repo.unlockJob(running);
    expect((await repo.getJobById(saved._id!))?.lockedAt).toBeInstanceOf(Date);
    await repo.unlockJobs([saved._id!]);
    expect((await repo.getJobById(saved._id!))?.lockedAt).toBeUndefined();
  });

  it('saves unique jobs once: insertOnly keeps the first, a plain unique save updates it', async () => {
    const repo = await connected();
    const unique = { 'data.releaseId': 'REL-1', 'data.timerId': '1:remind' };
    const a = await repo.saveJob(job({ unique, uniqueOpts: { insertOnly: true }, priority: 1 }), undefined);
    const b = await repo.saveJob(job({ unique, uniqueOpts: { insertOnly: true }, priority: 5 }), undefined);
    expect(b._id).toBe(a._id);
    expect(b.priority).toBe(1);
    const c = await repo.saveJob(job({ unique, priority: 7 }), undefined);
    expect(c._id).toBe(a._id);
    expect(c.priority).toBe(7);
    const other = await repo.saveJob(job({ unique: { 'data.releaseId': 'REL-2' } }), undefined);
    expect(other._id).not.toBe(a._id);
    expect((await repo.queryJobs({})).total).toBe(2);
    await expect(repo.saveJob(job({ unique: { 'data.n': { $gt: 1 } } }), undefined)).rejects.toThrow(
      /operators/,
    );
  });

  it('keeps one "single" job per name and does not move its schedule back to a past time', async () => {
    const repo = await connected();
    const later = future();
    const first = await repo.saveJob(
      job({ type: 'single', nextRunAt: later, repeatInterval: '1 hour' }),
      undefined,
    );
    const again = await repo.saveJob(job({ type: 'single', nextRunAt: past() }), undefined);
    expect(again._id).toBe(first._id);
    expect(again.nextRunAt?.getTime()).toBe(later.getTime());
    expect((await repo.queryJobs({ name: 'remind' })).total).toBe(1);
  });

  it('removes jobs by name, by partial data, by ids, and nothing without criteria', async () => {
    const repo = await connected();
    const r1 = await repo.saveJob(job({ data: { releaseId: 'REL-1', meta: { stage: 'uat' } } }), undefined);
    const r2 = await repo.saveJob(job({ data: { releaseId: 'REL-2', meta: { stage: 'dev' } } }), undefined);
    const e = await repo.saveJob(job({ name: 'escalate', data: { releaseId: 'REL-3' } }), undefined);
    expect(await repo.removeJobs({})).toBe(0);
    expect(await repo.removeJobs({ data: { meta: { stage: 'dev' } } })).toBe(1);
    expect(await repo.getJobById(r2._id!)).toBeNull();
    expect(await repo.removeJobs({ name: 'escalate' })).toBe(1);
    expect(await repo.getJobById(e._id!)).toBeNull();
    expect(await repo.removeJobs({ ids: [r1._id!, 'nope'] })).toBe(1);
    expect((await repo.queryJobs({})).total).toBe(0);
  });

  it('refuses to save the state of a job that was removed while it ran', async () => {
    const repo = await connected();
    const saved = await repo.saveJob(job(), undefined);
    await repo.removeJobs({ id: saved._id });
    await expect(repo.saveJobState({ ...saved, lastRunAt: new Date() }, undefined)).rejects.toThrow(
      /no longer exists/,
    );
  });

  it('round-trips job attributes and answers queries by state and page', async () => {
    const repo = await connected();
    const failedAt = new Date(Date.now() - 5000);
    const saved = await repo.saveJob(job({ data: { releaseId: 'REL-1', n: [1, 2] } }), undefined);
    await repo.saveJobState(
      { ...saved, failedAt, failCount: 2, failReason: 'boom', lastFinishedAt: failedAt },
      undefined,
    );
    await repo.saveJob(job({ nextRunAt: future() }), undefined);
    const back = await repo.getJobById(saved._id!);
    expect(back).toMatchObject({ failCount: 2, failReason: 'boom', data: { releaseId: 'REL-1', n: [1, 2] } });
    expect(back?.failedAt?.getTime()).toBe(failedAt.getTime());
    expect((await repo.queryJobs({ state: 'failed' })).jobs.map((j) => j._id)).toEqual([saved._id]);
    expect((await repo.queryJobs({ state: 'scheduled' })).total).toBe(1);
    const page = await repo.queryJobs({ sort: { nextRunAt: 'asc' }, limit: 1 });
    expect(page).toMatchObject({ total: 2, jobs: [{ _id: saved._id }] });
    expect(await repo.getQueueSize()).toBe(1);
    expect(await repo.getDistinctJobNames()).toEqual(['remind']);
    expect(await repo.getJobsOverview()).toEqual([
      expect.objectContaining({ name: 'remind', total: 2, failed: 1, scheduled: 1 }),
    ]);
  });
});
