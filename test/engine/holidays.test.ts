import { afterEach, describe, expect, it } from 'vitest';
import { readHolidayCalendar } from '../../src/calendar/holidays.js';
import { createLogger } from '../../src/log.js';
import { createCore } from '../../src/service/create-core.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { addWorkingHours } from '../../src/time/working-hours.js';
import { memoryLog } from '../app/support/golive-in-memory.js';
import { builtInFlows, createTestCore, type TestCore } from '../support/core.js';
import { ManualScheduler } from '../support/manual-scheduler.js';
import { testConfig } from '../support/people.js';

const WH = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };
const CN = readHolidayCalendar('cn-2026');
const at = (iso: string) => new Date(iso);

let t: TestCore | undefined;
afterEach(() => t?.stop());

describe('working hours on the mainland China 2026 calendar', () => {
  it('ships the State Council dates: 9 days of Spring Festival, make-up Saturdays, National Day', () => {
    expect(CN.until).toBe('2026-12-31');
    expect(CN.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(CN.holidays.find((h) => h.name.en === 'Spring Festival')).toMatchObject({
      from: '2026-02-15',
      to: '2026-02-23',
    });
  });

  it('counts the make-up Saturday before the Spring Festival and skips the nine days off', () => {
    // Friday 13 Feb 17:00 Shanghai + 8 working hours: 1 h on Friday, 7 h on Saturday 14 Feb (a working day).
    expect(addWorkingHours(at('2026-02-13T09:00:00Z'), 8, WH, 'Asia/Shanghai', CN).toISOString()).toBe(
      '2026-02-14T08:00:00.000Z',
    );
    // Without the calendar Saturday is off and Monday 16 Feb counts.
    expect(addWorkingHours(at('2026-02-13T09:00:00Z'), 8, WH, 'Asia/Shanghai').toISOString()).toBe(
      '2026-02-16T08:00:00.000Z',
    );
    // Saturday 14 Feb 17:00 + 8: 1 h that day, then 15–23 Feb off, Tuesday 24 Feb 09:00 + 7 h.
    expect(addWorkingHours(at('2026-02-14T09:00:00Z'), 8, WH, 'Asia/Shanghai', CN).toISOString()).toBe(
      '2026-02-24T08:00:00.000Z',
    );
    // Friday 27 Feb 17:00 + 2: Saturday 28 Feb is worked.
    expect(addWorkingHours(at('2026-02-27T09:00:00Z'), 2, WH, 'Asia/Shanghai', CN).toISOString()).toBe(
      '2026-02-28T02:00:00.000Z',
    );
  });

  it('a reminder set before the Spring Festival fires on the make-up Saturday, and the next after the holiday', async () => {
    t = await createTestCore({
      config: testConfig({ holidays: 'cn-2026' }),
      startAt: at('2026-02-13T09:00:00Z'), // Friday 17:00 in Shanghai
    });
    const first = await t.core.command(t.as('alice'), 'new');
    if (first.kind !== 'form') throw new Error('no flow choice');
    const chose = await t.core.submit(t.as('alice'), first.form.context, { flow: 'normal' });
    if (!chose.ok || chose.reply.kind !== 'form') throw new Error('no release form');
    const made = await t.core.submit(t.as('alice'), chose.reply.form.context, {
      title: 'Red packets',
      system: 'shop',
      tester: 'bob',
      director: 'dave',
    });
    expect(made.ok).toBe(true);
    const remind = (await t.store.load('REL-1'))?.timers.find((x) => x.kind === 'remind');
    // development: a reminder after 8 working hours.
    expect(remind?.dueAt).toBe('2026-02-14T08:00:00.000Z');

    await t.core.flush();
    t.clock.set('2026-02-14T08:00:00Z');
    const before = t.surface.dmsTo('alice').length;
    expect(await t.tick()).toBe(1);
    const reminders = t.surface.dmsTo('alice').slice(before);
    expect(reminders.map((m) => m.header)).toEqual([expect.stringContaining('Reminder: REL-1')]);
    // The next round skips the nine days of the Spring Festival.
    const next = (await t.store.load('REL-1'))?.timers.find((x) => x.kind === 'remind');
    expect(next?.dueAt).toBe('2026-02-24T07:00:00.000Z');
    // Through the Spring Festival nothing fires: on its Monday, and on its last day.
    for (const during of ['2026-02-16T02:00:00Z', '2026-02-23T09:00:00Z']) {
      t.clock.set(during);
      expect(await t.tick()).toBe(0);
    }
    expect(t.surface.dmsTo('alice').length).toBe(before + 1);
    // The first working day after it, Tuesday 24 Feb 15:00 Shanghai, the reminder comes.
    t.clock.set('2026-02-24T07:00:00Z');
    expect(await t.tick()).toBe(1);
    const after = t.surface.dmsTo('alice').slice(before + 1);
    expect(after.map((m) => m.header)).toEqual([expect.stringContaining('Reminder: REL-1')]);
  });

  it('warns at start when the calendar in use ends within 60 days, naming the missing 2027 file', async () => {
    const { logLines, memory } = memoryLog();
    const logger = createLogger({ level: 'warn', destination: memory });
    const core = await createCore({
      config: testConfig({ holidays: 'cn-2026' }),
      flows: builtInFlows(),
      store: createSqliteStore({ file: ':memory:' }),
      scheduler: new ManualScheduler(),
      logger,
      now: () => at('2026-11-15T00:00:00Z'),
    });
    await core.stop();
    expect(logLines.map((l) => String(l.msg)).join('\n')).toContain(
      'calendars/cn-2027.yaml is not shipped yet',
    );
    expect(logLines.find((l) => l.daysLeft !== undefined)).toMatchObject({ level: 40, daysLeft: 46 });
  });

  it('says nothing of the calendar at a start more than 60 days before its end', async () => {
    const { logLines, memory } = memoryLog();
    const core = await createCore({
      config: testConfig({ holidays: 'cn-2026' }),
      flows: builtInFlows(),
      store: createSqliteStore({ file: ':memory:' }),
      scheduler: new ManualScheduler(),
      logger: createLogger({ level: 'warn', destination: memory }),
      now: () => at('2026-10-31T00:00:00Z'),
    });
    await core.stop();
    expect(logLines.filter((l) => String(l.msg).includes('holiday calendar'))).toEqual([]);
  });
});
