import { describe, expect, it } from 'vitest';
import { act, slackScenarios, unixTime } from './scenario.js';
import { buttons, type SeenMessage, visibleText } from './slack-screen.js';

const scenarios = slackScenarios();

const tickLabels = (m: SeenMessage) =>
  buttons(m)
    .filter((b) => b.intent.command.type === 'tick')
    .map((b) => b.label);
const openCount = (m: SeenMessage) => /Checklist: (\d+)/.exec(visibleText(m))?.[1];

describe('Slack: a checklist ticked by one owner', () => {
  it("brings every other owner's copy of the checklist card up to date", async () => {
    const { t, slack } = await scenarios.start();
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'enterprise');
    await slack.submit('U_ALICE', form, {
      title: 'Billing platform 3.0',
      system: 'billing',
      release_object: 'upgrade',
      method: 'planned',
      window_start: unixTime('2026-11-28T14:00:00Z'),
      window_end: unixTime('2026-11-28T18:00:00Z'),
      tester: ['U_BOB', 'U_CAROL'],
      ops: 'U_OSCAR',
      director: 'U_DAVE',
      business: 'U_BELLA',
      observation_days: '2',
    });
    await slack.press('U_ALICE', act('submit_plan'), { plan: 'https://wiki.example/plan', risks: 'none' });
    const entry = (await t.store.load('REL-1'))!.stageEntry;
    const cardOf = (user: string) =>
      slack.screen
        .dms(user)
        .find((m) =>
          buttons(m).some((b) => b.intent.stageEntry === entry && b.intent.command.type === 'tick'),
        )!;
    const carols = cardOf('U_CAROL');
    const alices = cardOf('U_ALICE');
    const bobs = cardOf('U_BOB');
    const now = (user: string, card: SeenMessage) => slack.screen.dms(user).find((m) => m.ts === card.ts)!;
    expect(tickLabels(carols)).toEqual([
      '☐ Test report confirmed by the parties',
      '☐ Stress test done',
      '☐ Security review done',
    ]);
    const before = Number(openCount(alices));

    // Bob ticks a tester item: Carol, who shares the role, loses its button on the card she has;
    // Alice's card counts one item less.
    await slack.press('U_BOB', (b) => b.intent.command.type === 'tick' && b.label === '☐ Stress test done');
    const carolsNow = now('U_CAROL', carols);
    expect(tickLabels(carolsNow)).toEqual([
      '☐ Test report confirmed by the parties',
      '☐ Security review done',
    ]);
    expect(openCount(carolsNow)).toBe(String(before - 1));
    const alicesNow = now('U_ALICE', alices);
    expect(openCount(alicesNow)).toBe(String(before - 1));
    expect(tickLabels(alicesNow)).toEqual(tickLabels(alices));

    // Carol ticks the rest of the tester items from that same card; Bob's copy has none left.
    for (const label of ['☐ Test report confirmed by the parties', '☐ Security review done']) {
      const button = buttons(now('U_CAROL', carols)).find((b) => b.label === label)!;
      await slack.click('U_CAROL', button);
    }
    expect(tickLabels(now('U_BOB', bobs))).toEqual([]);
    expect(openCount(now('U_BOB', bobs))).toBe(String(before - 3));
  });
});
