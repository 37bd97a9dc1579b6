import { afterEach, describe, expect, it } from 'vitest';
import { buttonsOf, titleOf } from '../support/feishu-card-read.js';
import { act, FeishuScenario, is } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

describe('Feishu: an activity release, with reminders and the campaign end arriving as DM cards', () => {
  it('reminds on Feishu when a step waits, and prompts to take the campaign down when it ends', async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    await s.newRelease('alice', 'activity', {
      title: '双十二红包雨',
      system: '营销',
      tester: ['ou_bob'],
      director: 'ou_dave',
      window_start: '2026-11-26 10:00 +0800',
      window_end: '2026-11-27 22:00 +0800',
    });
    // Nothing happens for a working day: Alice gets a reminder card with her buttons on it.
    const before = api.dmsTo('ou_alice').length;
    s.t.clock.advanceHours(24);
    await s.t.tick();
    await s.settle();
    const reminders = api.dmsTo('ou_alice').slice(before);
    expect(reminders.map((m) => titleOf(api.latest(m)))).toEqual(['提醒：REL-1「双十二红包雨」等你处理']);
    expect(buttonsOf(api.latest(reminders.at(-1)!)).map((b) => b.label)).toContain('提测');

    await s.press('alice', act('submit_for_test'), {});
    await s.press('bob', act('tests_passed'));
    await s.press('bob', act('file_test_report'), { summary: '通过' });
    await s.press('alice', act('apply_for_launch'), {});
    await s.press('dave', is('approve'));
    await s.press('bob', is('approve'));
    await s.press('alice', act('launch_complete'));
    await s.press('bob', act('verified'));
    expect((await s.t.store.load('REL-1'))?.stage).toBe('campaign_running');

    // The campaign's end time passes: requester and tester are told on Feishu.
    const aliceBefore = api.dmsTo('ou_alice').length;
    s.t.clock.set('2026-11-27T14:30:00Z');
    await s.t.tick();
    await s.settle();
    const told = api.dmsTo('ou_alice').slice(aliceBefore);
    expect(told.map((m) => titleOf(api.latest(m)))).toContain(
      '活动已到结束时间：REL-1「双十二红包雨」，请安排下线',
    );
    await s.press('alice', act('campaign_closed'));
    expect((await s.t.store.load('REL-1'))?.status).toBe('done');
    expect(api.cardProblems).toEqual([]);
  });
});
