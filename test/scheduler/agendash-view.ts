import { AgendashController } from 'agendash';
import { expect } from 'vitest';
import type { AgendaTimerScheduler } from '../../src/scheduler/agenda-scheduler.js';
import type { TimerScheduler } from '../../src/scheduler/port.js';
import { timer } from './helpers.js';

/**
 * What Agendash shows an operator, asked the way its page asks (its controller calls Agenda's
 * `getJobsOverview` and `queryJobs`): two timers of REL-9 synced an hour and two hours ahead appear
 * as one scheduled `remind` and one scheduled `escalate` job carrying their release and timer.
 */
export async function expectAgendashShowsTimers(scheduler: TimerScheduler): Promise<void> {
  const { agenda } = scheduler as AgendaTimerScheduler;
  const inH = (h: number) => new Date(Date.now() + h * 3_600_000);
  await scheduler.sync('REL-9', [
    timer('4:remind', inH(1)),
    { ...timer('4:escalate', inH(2)), kind: 'escalate', specId: 'escalate' },
  ]);
  const view = new AgendashController(agenda);
  const all = await view.getJobs({});
  const byName = new Map(all.overview.map((o) => [o.displayName, o]));
  expect(byName.get('remind')).toMatchObject({ total: 1, scheduled: 1, failed: 0 });
  expect(byName.get('escalate')).toMatchObject({ total: 1, scheduled: 1, failed: 0 });
  expect(all.total).toBe(2);
  // Latest next run first, as Agendash sorts.
  expect(all.jobs.map((j) => [j.job.name, j.job.data, j.scheduled])).toEqual([
    ['escalate', expect.objectContaining({ releaseId: 'REL-9', timerId: '4:escalate' }), true],
    ['remind', expect.objectContaining({ releaseId: 'REL-9', timerId: '4:remind' }), true],
  ]);
  const reminders = await view.getJobs({ name: 'remind', state: 'scheduled' });
  expect(reminders.jobs.map((j) => j.job.data)).toEqual([expect.objectContaining({ timerId: '4:remind' })]);
  const searched = await view.getJobs({ search: 'escal' });
  expect(searched.total).toBe(1);
}
