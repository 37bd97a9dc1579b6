import { describe, expect, it } from 'vitest';
import type { TestCore } from '../support/core.js';
import { act, is, slackScenarios, unixTime } from './scenario.js';
import type { SlackDriver } from './slack-driver.js';
import { buttons, fields, header, type SeenButton, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

/** Ticks every open checklist item of the current stage from the owners' DM buttons, as they appear. */
async function tickAll(t: TestCore, slack: SlackDriver, people: string[]) {
  for (let guard = 0; guard < 40; guard++) {
    const release = (await t.store.load('REL-1'))!;
    const open = (b: SeenButton) =>
      b.intent.command.type === 'tick' &&
      b.intent.stageEntry === release.stageEntry &&
      !release.checklist?.[b.intent.command.item];
    const who = people.find((p) => slack.screen.button(p, open));
    if (!who) return;
    expect(await slack.press(who, open)).not.toMatch(/not|cannot/i);
  }
  throw new Error('checklist did not finish');
}

describe('Slack: an enterprise release', () => {
  it('runs planning, checklist, sequential approval, run-book, report, observation and hand-over', async () => {
    const { t, bot, slack } = await scenarios.start();

    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'enterprise');
    const method = (
      form.view.blocks as { block_id: string; element: { initial_option?: { value: string } } }[]
    ).find((b) => b.block_id === 'method');
    expect(method?.element.initial_option?.value).toBe('planned');
    const created = await slack.submit('U_ALICE', form, {
      title: 'Billing platform 3.0',
      system: 'billing',
      release_object: 'upgrade',
      method: 'planned',
      window_start: unixTime('2026-11-28T14:00:00Z'),
      window_end: unixTime('2026-11-28T18:00:00Z'),
      tester: ['U_BOB'],
      ops: 'U_OSCAR',
      director: 'U_DAVE',
      business: 'U_BELLA',
      observation_days: '2',
    });
    expect(created.answer).toContain('Created REL-1');

    await slack.press('U_ALICE', act('submit_plan'), {
      plan: 'https://wiki.example/plan',
      risks: 'Rollback in 10 min',
    });
    expect(slack.screen.button('U_ALICE', act('submit_for_approval'))).toBeUndefined();
    await tickAll(t, slack, ['U_ALICE', 'U_BOB', 'U_OSCAR']);
    await slack.press('U_ALICE', act('submit_for_approval'), {});

    // Sequential approval: the director first, then operations.
    expect(slack.screen.button('U_OSCAR', is('approve'))).toBeUndefined();
    await slack.press('U_DAVE', is('approve'));
    await slack.press('U_OSCAR', is('approve'));
    expect((await t.store.load('REL-1'))?.stage).toBe('implementation');

    // The run-book goes in order: only the next step has a button.
    const entry = (await t.store.load('REL-1'))!.stageEntry;
    const steps = slack.screen
      .dms('U_OSCAR')
      .flatMap((m) => buttons(m))
      .filter((b) => b.intent.command.type === 'tick' && b.intent.stageEntry === entry);
    expect(steps.map((b) => b.label)).toEqual(['☐ Back up production']);
    await tickAll(t, slack, ['U_OSCAR', 'U_BOB']);
    await slack.press('U_OSCAR', act('launch_complete'));
    const announcement = slack.screen
      .cards('C_ANNOUNCE')
      .find((m) => visibleText(m).includes('Billing platform 3.0'));
    expect(announcement).toBeDefined();

    // The launch report is an n-of-M gate: three approvers (ops, tester, business), two suffice.
    await slack.press('U_OSCAR', is('approve'));
    expect((await t.store.load('REL-1'))?.stage).toBe('launch_report');
    expect(slack.screen.button('U_BELLA', is('approve'))).toBeDefined();
    await slack.press('U_BOB', is('approve'));
    expect((await t.store.load('REL-1'))?.stage).toBe('observation');
    // Bella was not needed: her card no longer offers a decision.
    expect(slack.screen.button('U_BELLA', is('approve'))).toBeUndefined();

    // The observation period ends on its own after the days set on the form.
    t.clock.advanceHours(49);
    await t.tick();
    expect((await t.store.load('REL-1'))?.stage).toBe('handover');
    await slack.press('U_OSCAR', act('hand_over'));
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'done' });

    const card = slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'))!;
    expect(fields(card).Stage).toMatch(/^Done/);
    expect(bot.violations()).toEqual([]);
  });
});
