import { type Collection, ObjectId } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { listInSlots } from '../../src/scheduler/mongo-backend.js';
import { runKey, type SlotJob, slotCollections, slotOf } from '../../src/scheduler/mongo-slots.js';
import { timer } from './helpers.js';
import { mongoSchedulerProcesses } from './mongo-processes.js';

// How due runs are found and claimed by time slot (src/scheduler/mongo-slots.ts), against a real server.
vi.setConfig({ testTimeout: 120_000 });
const { dbs, processOn } = mongoSchedulerProcesses('slots');

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    onFire: async (releaseId: string, timerId: string) => void calls.push(`${releaseId}/${timerId}`),
  };
}

/** The job documents of a release, as Agenda's repository hands them out. */
async function jobsOf(jobs: Collection, releaseId: string) {
  const docs = await jobs.find({ 'data.releaseId': releaseId }).toArray();
  return docs.map((d) => ({ ...d, _id: String(d._id) }) as unknown as SlotJob);
}

describe('due runs claimed by time slot', () => {
  it('takes over the slot of a process that died holding it, without rerunning what it recorded as done', async () => {
    const dbName = dbs.fresh();
    const b = await processOn(dbName, { lockLifetimeMs: 2_000 });
    const { calls, onFire } = recorder();
    const due = new Date(Math.ceil((Date.now() + 1_000) / 1_000) * 1_000 + 200);
    await b.scheduler.sync('REL-1', [timer('1:a', due), timer('1:b', due), timer('1:c', due)]);
    const listed = await jobsOf(b.jobs, 'REL-1');
    const slot = slotOf(listed[0]?._id as string, due);
    expect(listed.map((j) => slotOf(j._id, j.nextRunAt))).toEqual([slot, slot, slot]);

    // The dead process: it claimed the slot, ran timer a and recorded it, then stopped answering.
    const slots = slotCollections(b.store.db);
    expect(await slots.insertClaim(slot, 1, { owner: 'dead-process', atMs: Date.now() })).toBe(true);
    const ran = listed.find((j) => (j.data as { timerId: string }).timerId === '1:a') as SlotJob;
    await slots.mark(slot, [{ run: runKey(ran._id, ran.nextRunAt), id: ran._id, end: 'removed' }]);

    await b.scheduler.start(onFire);
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2), {
      timeout: 60_000,
      interval: 100,
    });
    // Taken over under the next claim number, once the dead one's claim went stale.
    expect((await slots.readClaim(slot, 2))?.owner).not.toBe('dead-process');
    // The two it had not run are gone once they ran; the one it had run was not run again.
    await vi.waitFor(
      async () => expect(await b.jobs.countDocuments({ 'data.timerId': { $ne: '1:a' } })).toBe(0),
      {
        timeout: 60_000,
        interval: 100,
      },
    );
    expect([...calls].sort()).toEqual(['REL-1/1:b', 'REL-1/1:c']);
  });

  it('runs a job listed in a slot after that slot was handled', async () => {
    const dbName = dbs.fresh();
    const a = await processOn(dbName);
    const { calls, onFire } = recorder();
    const due = new Date(Date.now() + 800);
    await a.scheduler.sync('REL-1', [timer('1:remind', due)]);
    const [first] = await jobsOf(a.jobs, 'REL-1');
    await a.scheduler.start(onFire);
    await vi.waitFor(() => expect(calls).toEqual(['REL-1/1:remind']), { timeout: 30_000, interval: 50 });

    // A job saved for the same second, listed only now (its saver was slow): same slot, already handled.
    const slot = slotOf(first?._id as string, due);
    const late = ObjectId.createFromTime(Math.floor(slot / 1_000));
    const { _id, ...rest } = first as SlotJob;
    const doc = { ...rest, data: { releaseId: 'REL-2', timerId: '2:remind', dueAt: due.toISOString() } };
    await a.jobs.insertOne({ ...doc, _id: late });
    expect(slotOf(late, due)).toBe(slot);
    await listInSlots(a.store.db, [{ ...doc, _id: late.toHexString() } as SlotJob]);

    await vi.waitFor(() => expect(calls).toEqual(['REL-1/1:remind', 'REL-2/2:remind']), {
      timeout: 60_000,
      interval: 50,
    });
  });

  it('fires a timer saved after a poll and due before the next one without waiting for that poll', async () => {
    const dbName = dbs.fresh();
    // Agenda polls at start and then only a minute later.
    const a = await processOn(dbName, { processEvery: 60_000 });
    const { calls, onFire } = recorder();
    await a.scheduler.start(onFire);
    await a.scheduler.sync('REL-1', [timer('1:remind', new Date(Date.now() + 1_000))]);
    // Read and claimed in the background, then announced to Agenda: long before its next poll.
    await vi.waitFor(() => expect(calls).toEqual(['REL-1/1:remind']), { timeout: 40_000, interval: 50 });
  });

  it('gives back the runs it claimed ahead when it stops, and another process fires them without waiting for the claim to go stale', async () => {
    const dbName = dbs.fresh();
    // A minute's lock lifetime: a claim left behind would hold the timer that long.
    const a = await processOn(dbName, { lockLifetimeMs: 60_000 });
    const b = await processOn(dbName, { lockLifetimeMs: 60_000 });
    const first = recorder();
    const due = new Date(Date.now() + 6_000);
    await a.scheduler.sync('REL-1', [timer('1:remind', due)]);
    const [job] = await jobsOf(a.jobs, 'REL-1');
    const slot = slotOf(job?._id as string, due);
    const slots = slotCollections(a.store.db);
    await a.scheduler.start(first.onFire);
    // Claimed ahead of its time (it is read up to 2 s beyond Agenda's next poll).
    await vi.waitFor(async () => expect((await slots.readClaim(slot, 1))?.owner).toBeDefined(), {
      timeout: 30_000,
      interval: 50,
    });
    await a.scheduler.stop();
    expect((await slots.readClaim(slot, 1))?.releasedAtMs).toEqual(expect.any(Number));

    const second = recorder();
    await b.scheduler.start(second.onFire);
    await vi.waitFor(() => expect(second.calls).toEqual(['REL-1/1:remind']), {
      timeout: 40_000,
      interval: 50,
    });
    expect(first.calls).toEqual([]);
  });

  it('fires only the timers a release still wants after a sync removed or moved some', async () => {
    const dbName = dbs.fresh();
    const a = await processOn(dbName);
    const b = await processOn(dbName);
    const { calls, onFire } = recorder();
    const soon = (ms: number) => new Date(Date.now() + ms);
    await a.scheduler.sync('REL-1', [timer('1:remind', soon(4_000)), timer('1:escalate', soon(4_000))]);
    await a.scheduler.sync('REL-2', [timer('2:remind', soon(4_000))]);
    await Promise.all([a.scheduler.start(onFire), b.scheduler.start(onFire)]);
    // Escalation dropped, reminder moved; REL-2's reminder dropped altogether.
    await b.scheduler.sync('REL-1', [timer('1:remind', soon(5_000))]);
    await b.scheduler.sync('REL-2', []);
    await vi.waitFor(async () => expect(await a.jobs.countDocuments()).toBe(0), {
      timeout: 60_000,
      interval: 100,
    });
    expect(calls).toEqual(['REL-1/1:remind']);
  });
});
