import { afterEach, describe, expect, it } from 'vitest';
import { type SlackBot, startSlackBot } from '../slack/harness.js';
import { messageButtonClick, slashCommand, viewSubmission } from '../slack/payloads.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { actIs, createNormalRelease, inParallel, quiet, storeState } from './fuzz-support.js';
import { everyFieldReplaced, NOT_OBJECTS } from './shapes.js';

/**
 * Correctly signed Slack requests of every wrong shape, sent to one running bot: bodies that are not
 * objects, and every field of a real slash command, block_actions and view_submission replaced by
 * null, a number, a string, an array and a huge string. None may crash the process (Bolt crashed on
 * `payload=null`), be answered with a 5xx or change a release; afterwards the same bot serves the
 * release on.
 */
describe('fuzz: Slack requests of every wrong shape, correctly signed', () => {
  let t: TestCore | undefined;
  let bot: SlackBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await t?.stop();
  });

  it('are refused or answered, never with a 5xx, and the release goes on afterwards', async () => {
    t = await createTestCore({ platform: 'slack', attachSurface: false });
    bot = await startSlackBot(t.core);
    const slack = new SlackDriver(bot, () => t!.core.flush());
    await createNormalRelease(t, (p) => `U_${p.toUpperCase()}`, 'C_RELEASES');
    await slack.press('U_ALICE', (b) => actIs('submit_for_test')(b.intent), {});
    const smokePass = slack.screen.button('U_BOB', (b) => actIs('smoke_pass')(b.intent))!;
    const form = await slack.chooseFlow(
      'U_MALLORY',
      (await slack.command('U_MALLORY', 'new')).modal!,
      'normal',
    );
    const before = await storeState(t.store);
    const responseUrl = bot.fake.responseUrl('shapes');

    // Bodies that are not objects, as an interaction's `payload` and as a JSON body.
    for (const value of NOT_OBJECTS) {
      const asPayload = await bot.send.raw(
        `payload=${encodeURIComponent(JSON.stringify(value))}`,
        'application/x-www-form-urlencoded',
      );
      expect(asPayload.status, `payload=${JSON.stringify(value)}`).toBe(400);
      expect((await bot.send.event(value)).status, `JSON body ${JSON.stringify(value)}`).toBe(400);
    }
    expect((await bot.send.raw('payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);

    const click = messageButtonClick({
      user: 'U_MALLORY',
      channel: smokePass.message.channel,
      messageTs: smokePass.message.ts,
      button: { action_id: smokePass.actionId, value: smokePass.value },
      responseUrl,
    });
    const submit = viewSubmission({
      user: 'U_MALLORY',
      view: form,
      values: {},
    });
    const command = slashCommand({ user: 'U_MALLORY', text: 'status REL-1', responseUrl });
    const requests = [
      ...everyFieldReplaced(click).map((m) => ({ ...m, send: () => bot!.send.interaction(m.body) })),
      ...everyFieldReplaced(submit).map((m) => ({ ...m, send: () => bot!.send.interaction(m.body) })),
      ...everyFieldReplaced(command).map((m) => ({
        ...m,
        send: () =>
          bot!.send.command(Object.fromEntries(Object.entries(m.body).map(([k, v]) => [k, String(v)]))),
      })),
    ];
    const answers = await inParallel(requests.length, 8, async (i) => ({
      name: requests[i]!.name,
      status: (await requests[i]!.send()).status,
    }));
    await quiet(() => bot!.fake.calls.length);
    await t.core.flush();

    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(await storeState(t.store)).toEqual(before);

    // The same process serves the release on: the tester's smoke check, and a new release's form.
    await slack.click('U_BOB', smokePass);
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
    expect((await slack.command('U_ALICE', 'new')).modal).toBeDefined();
  }, 180_000);
});
