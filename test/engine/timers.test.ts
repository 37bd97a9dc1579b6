import { describe, expect, it } from 'vitest';
import { addWorkingHours, isWorkingTime } from '../../src/time/working-hours.js';
import { testConfig } from '../support/people.js';
import { EngineHarness, NORMAL_FORM } from './harness.js';

const WH = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

describe('working hours (Asia/Shanghai, 09:00-18:00, Mon-Fri)', () => {
  it('carries a reminder over the night and the weekend', () => {
    // Friday 17:00 Shanghai + 2 working hours = Monday 10:00 Shanghai.
    expect(addWorkingHours(new Date('2026-11-27T09:00:00Z'), 2, WH, 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
    // Saturday noon + 1 = Monday 10:00.
    expect(addWorkingHours(new Date('2026-11-28T04:00:00Z'), 1, WH, 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
    // Tuesday 07:00 (before work) + 4 = Tuesday 13:00.
    expect(addWorkingHours(new Date('2026-11-24T23:00:00Z'), 4, WH, 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-25T05:00:00.000Z',
    );
    expect(isWorkingTime(new Date('2026-11-28T04:00:00Z'), WH, 'Asia/Shanghai')).toBe(false);
  });

  it('respects another team time zone', () => {
    // Friday 17:30 in New York + 1 working hour = Monday 09:30 New York (EST, UTC-5).
    expect(addWorkingHours(new Date('2026-11-27T22:30:00Z'), 1, WH, 'America/New_York').toISOString()).toBe(
      '2026-11-30T14:30:00.000Z',
    );
  });
});

describe('timers', () => {
  it('remind the awaited people in working hours, again and again, and escalate once', () => {
    const h = new EngineHarness('normal', NORMAL_FORM, { now: new Date('2026-11-27T07:00:00Z') }); // Friday 15:00
    h.act('alice', 'submit_for_test');
    const remind = h.release.timers.find((t) => t.kind === 'remind');
    expect(remind?.dueAt).toBe('2026-11-30T02:00:00.000Z'); // Monday 10:00: 3h Friday + 1h Monday
    const first = h.fire('remind');
    expect(first.ok && first.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', to: ['bob'], about: 'reminder' }),
    );
    expect(first.ok && first.effects.some((e) => e.type === 'status_card')).toBe(false);
    const next = h.release.timers.find((t) => t.kind === 'remind');
    expect(next?.id).not.toBe(remind?.id); // a new round is a new job
    expect(next?.dueAt).toBe('2026-11-30T06:00:00.000Z'); // Monday 14:00
    const esc = h.fire('escalate');
    expect(esc.ok && esc.effects).toContainEqual(
      expect.objectContaining({
        type: 'notify',
        to: ['dave'],
        about: 'escalation',
        params: { waitingFor: 'bob' },
      }),
    );
    expect(h.release.timers.some((t) => t.kind === 'escalate')).toBe(false);
  });

  it('a timer of a stage already left is refused as stale, and nothing changes', () => {
    const h = new EngineHarness('normal', NORMAL_FORM);
    const old = h.release.timers[0]!;
    h.act('alice', 'submit_for_test');
    expect(h.give('system', { type: 'timer', timerId: old.id })).toMatchObject({
      ok: false,
      refusal: { code: 'unknown_timer' },
    });
  });

  it('emergency timers count calendar time, not working hours', () => {
    const h = new EngineHarness(
      'emergency',
      {
        title: 't',
        system: 's',
        reason_category: 'strategic',
        justification: 'j',
        tester: ['bob'],
        director: 'dave',
      },
      {
        now: new Date('2026-11-28T14:00:00Z'), // Saturday 22:00 Shanghai
        config: testConfig(),
      },
    );
    expect(h.release.timers.find((t) => t.kind === 'remind')?.dueAt).toBe('2026-11-28T14:30:00.000Z');
  });
});
