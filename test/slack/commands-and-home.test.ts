import { describe, expect, it, vi } from 'vitest';
import { viewViolations } from '../support/block-kit-limits.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { testConfig } from '../support/people.js';
import { appHomeOpened } from './payloads.js';
import { act, newRelease, slackScenarios } from './scenario.js';
import type { SlackDriver } from './slack-driver.js';
import { header } from './slack-screen.js';

const scenarios = slackScenarios();

async function createNormal(slack: SlackDriver) {
  await newRelease(slack, 'normal', {
    title: 'Checkout v2',
    system: 'shop',
    tester: ['U_BOB'],
    director: 'U_DAVE',
  });
}

type HomeBlock = { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] };

describe('Slack: /release commands and the App Home', () => {
  it('answers help, list, status and cancel privately to the one who typed them', async () => {
    const { t, bot, slack } = await scenarios.start();
    expect((await slack.command('U_MALLORY', 'help')).answer).toContain(
      '/release status REL-n — show a release',
    );
    await createNormal(slack);

    const list = await slack.command('U_ALICE', 'list');
    expect(list.answer).toContain('REL-1');
    const status = await slack.command('U_DAVE', 'status REL-1');
    expect(status.answer).toContain('REL-1');
    expect((await slack.command('U_DAVE', 'status REL-99')).answer).toContain('No release REL-99.');
    // All of these went to the asker only: the channel got nothing but the status card.
    const answers = bot.fake.callsTo('response_url');
    expect(answers.every((a) => a.args.response_type === 'ephemeral')).toBe(true);
    expect(slack.screen.cards('C_RELEASES')).toHaveLength(1);

    const cancelled = await slack.command('U_ALICE', 'cancel REL-1 wrong build');
    expect(cancelled.answer).not.toContain('No release');
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'cancelled' });
    const card = slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'))!;
    expect(card.edits).toBeGreaterThan(0);
    expect(bot.violations()).toEqual([]);
  });

  it('shows what awaits a person on the Home tab and lets them act from there', async () => {
    const { t, bot, slack } = await scenarios.start();
    await createNormal(slack);
    await slack.press('U_ALICE', act('submit_for_test'), { build: '1.2.0' });

    await bot.send.event(appHomeOpened('U_BOB'));
    await vi.waitFor(() => expect(bot.fake.callsTo('views.publish')).toHaveLength(1));
    const home = bot.fake.callsTo('views.publish')[0]!.args;
    expect(home.user_id).toBe('U_BOB');
    const blocks = (home.view as { blocks: HomeBlock[] }).blocks;
    expect(blocks[0]?.text?.text).toBe('Awaiting you');
    const pass = blocks.flatMap((b) => b.elements ?? []).find((e) => e.value?.includes('"smoke_pass"'));
    expect(pass).toBeDefined();

    // A click on the Home tab has no channel and no response_url: the answer comes as a DM, and
    // the Home tab is published again without the done task.
    await bot.send.interaction({
      type: 'block_actions',
      user: { id: 'U_BOB', username: 'bob', team_id: 'T_TEST' },
      api_app_id: 'A_GOLIVE',
      container: { type: 'view', view_id: 'VH_U_BOB' },
      trigger_id: '77.77.home-trigger',
      team: { id: 'T_TEST', domain: 'golive-test' },
      view: { id: 'VH_U_BOB', type: 'home', hash: 'h1', blocks },
      actions: [
        {
          type: 'button',
          action_id: pass!.action_id,
          block_id: 'b1',
          value: pass!.value,
          action_ts: '1700000500.000001',
        },
      ],
    });
    await vi.waitFor(() => expect(bot.fake.callsTo('views.publish')).toHaveLength(2));
    await t.core.flush();
    expect((await t.store.load('REL-1'))?.stage).not.toBe('smoke_test');
    const dm = slack.screen.dms('U_BOB').map((m) => m.text);
    expect(dm.some((text) => text.includes('Recorded'))).toBe(true);
    const again = JSON.stringify(bot.fake.callsTo('views.publish')[1]!.args.view);
    expect(again).not.toContain('"smoke_pass"');
    expect(bot.violations()).toEqual([]);
  });

  it('counts every release awaiting someone, and every open release of a requester, past what the Home tab or a list can show', async () => {
    const { bot, slack } = await scenarios.start();
    // 25 emergencies requested by Alice, each awaiting Erin's approval: more than the core reads of
    // either list for one overview (20).
    for (let i = 0; i < 25; i++) await newRelease(slack, 'emergency', PAYMENT_HOTFIX);
    const distinct = (text: string) =>
      (text.match(/REL-\d+/g) ?? []).filter((id, i, all) => all.indexOf(id) === i);
    const homeOf = async (user: string) => {
      const before = bot.fake.callsTo('views.publish').length;
      await bot.send.event(appHomeOpened(user));
      await vi.waitFor(() => expect(bot.fake.callsTo('views.publish')).toHaveLength(before + 1));
      return JSON.stringify(bot.fake.callsTo('views.publish')[before]!.args.view);
    };
    const listOf = async (user: string) => {
      await slack.command(user, 'list');
      const list = JSON.stringify(bot.fake.callsTo('response_url').at(-1)?.args.blocks);
      return {
        listed: new Set(list.match(/REL-\d+/g)),
        more: Number(/(\d+) more not shown/.exec(list)?.[1]),
      };
    };

    const erinHome = await homeOf('U_ERIN');
    const awaiting = distinct(erinHome);
    expect(awaiting[0]).toBe('REL-25');
    const erinMore = Number(/…and (\d+) more/.exec(erinHome)?.[1]);
    expect(awaiting.length + erinMore).toBe(25);
    const erinList = await listOf('U_ERIN');
    expect(erinList.listed.size + erinList.more).toBe(25);

    const aliceHome = await homeOf('U_ALICE');
    const mine = aliceHome.slice(aliceHome.indexOf('Your open releases'));
    const cards = distinct(mine);
    expect(cards[0]).toBe('REL-25');
    expect(mine.match(/…and \d+ more/g)).toHaveLength(1);
    expect(cards.length + Number(/…and (\d+) more/.exec(mine)?.[1])).toBe(25);
    const aliceList = await listOf('U_ALICE');
    expect(aliceList.listed.has('REL-25')).toBe(true);
    expect(aliceList.listed.size + aliceList.more).toBe(25);
    expect(bot.violations()).toEqual([]);
  });

  it('answers in the person’s language: inline form errors in Chinese', async () => {
    const { bot, slack } = await scenarios.start(testConfig({ locale: 'zh-CN' }));
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'normal');
    const invalid = await slack.submit('U_ALICE', form, {
      system: 'shop',
      director: 'U_DAVE',
      zentao: 'not a link',
    });
    const errors = (JSON.parse(invalid.res.body) as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['tester', 'title', 'zentao']);
    for (const message of Object.values(errors)) expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(bot.violations()).toEqual([]);
  });

  it('brings reminders to the awaited person as a DM with the buttons', async () => {
    const { t, bot, slack } = await scenarios.start();
    await createNormal(slack);
    const before = slack.screen.dms('U_ALICE').length;
    // Development is reminded every 8 working hours; a day and a half later one is due.
    t.clock.advanceHours(30);
    await t.tick();
    const dms = slack.screen.dms('U_ALICE');
    expect(dms.length).toBeGreaterThan(before);
    const reminder = dms.at(-1)!;
    expect(reminder.text).toContain('REL-1');
    expect(slack.screen.button('U_ALICE', act('submit_for_test'))?.message.ts).toBe(reminder.ts);
    expect(bot.violations()).toEqual([]);
  });

  it("swaps in the flow's fields when the flow choice is submitted directly", async () => {
    const { slack } = await scenarios.start();
    const opened = await slack.command('U_ALICE', 'new');
    const sent = await slack.submit('U_ALICE', opened.modal!, { flow: 'emergency' });
    const answer = JSON.parse(sent.res.body) as { response_action: string; view: Record<string, unknown> };
    expect(answer.response_action).toBe('update');
    expect(viewViolations(answer.view)).toEqual([]);
    const ids = (answer.view.blocks as { block_id: string }[]).map((b) => b.block_id);
    expect(ids).toEqual(
      expect.arrayContaining(['title', 'reason_category', 'justification', 'tester', 'director']),
    );
  });
});
