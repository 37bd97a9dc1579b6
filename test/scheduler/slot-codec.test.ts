import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { decodeJobs, decodeMarks, encodeJobs, encodeMarks } from '../../src/scheduler/mongo-slot-codec.js';
import { runKey, type SlotJob } from '../../src/scheduler/mongo-slots.js';

// The strings slot documents keep their lists in (src/scheduler/mongo-slot-codec.ts).
describe('slot document lists', () => {
  it('keeps how each run ended, so a run retried or cancelled is never taken for one that ran', () => {
    const id = () => new ObjectId().toHexString();
    const at = new Date('2026-11-26T03:00:00.250Z');
    const runs = [
      { id: id(), end: 'removed' as const },
      { id: id(), end: 'retried' as const },
      { id: id(), end: 'cancelled' as const },
    ].map((m) => ({ ...m, run: runKey(m.id, at) }));
    expect(decodeMarks(encodeMarks(runs))).toEqual(runs);
  });

  it('gives back the jobs of a batch with their dates, without the fields they left empty', () => {
    const job = {
      _id: new ObjectId().toHexString(),
      name: 'remind',
      data: { releaseId: 'REL-1', timerId: '1:remind', dueAt: '2026-11-26T03:00:00.000Z' },
      nextRunAt: new Date('2026-11-26T03:00:00.000Z'),
      lastRunAt: null,
      priority: 0,
    } as unknown as SlotJob;
    const [back] = decodeJobs(encodeJobs([job]));
    expect(back).toEqual({ ...job, lastRunAt: undefined });
    expect(back?.nextRunAt).toBeInstanceOf(Date);
  });
});
