import { afterEach, describe, expect, it } from 'vitest';
import { type SlackBot, startSlackBot } from '../slack/harness.js';
import { messageButtonClick, slashCommand, viewSubmission } from '../slack/payloads.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { actIs, createNormalRelease, inParallel, quiet, storeState } from './fuzz-support.js';
import { maybeTruncate, mutate, prng } from './mutate.js';

/** Per platform; FUZZ_COUNT raises it for a long local run. FUZZ_SEED reproduces a failure. */
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const TEXTS = ['list', 'status REL-1', 'help', 'new', 'status REL-99', '', 'approve everything'];
/** The bot calls response_url back: a mutant may drop it, never point it anywhere else. */
const PROTECT = new Set(['response_url', 'response_urls']);

describe('fuzz: mutated Slack requests, correctly signed', () => {
  let t: TestCore | undefined;
  let bot: SlackBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await t?.stop();
  });

  it(`${COUNT} slash commands, block_actions and view_submissions: no 5xx, no state change, still serving`, async () => {
    t = await createTestCore({ platform: 'slack', attachSurface: false });
    bot = await startSlackBot(t.core);
    const fake = bot.fake;
    const slack = new SlackDriver(bot, () => t!.core.flush());
    await createNormalRelease(t, (p) => `U_${p.toUpperCase()}`, 'C_RELEASES');
    await slack.press('U_ALICE', (b) => actIs('submit_for_test')(b.intent), {});
    const smokePass = slack.screen.button('U_BOB', (b) => actIs('smoke_pass')(b.intent))!;
    // A real new-release modal, submitted by a stranger with the required people missing.
    const choice = (await slack.command('U_MALLORY', 'new')).modal!;
    const form = await slack.chooseFlow('U_MALLORY', choice, 'normal');
    const actionIdOf = (block: string) =>
      (form.view.blocks as { block_id: string; element: { action_id: string } }[]).find(
        (b) => b.block_id === block,
      )!.element.action_id;
    const before = await storeState(t.store);
    const rng = prng(SEED);
    const responseUrl = fake.responseUrl('fuzz');

    const bases = [
      () => ({
        kind: 'command' as const,
        body: slashCommand({
          user: 'U_MALLORY',
          text: TEXTS[Math.floor(rng() * TEXTS.length)]!,
          responseUrl,
        }),
      }),
      () => ({
        kind: 'interaction' as const,
        body: messageButtonClick({
          user: 'U_MALLORY',
          channel: smokePass.message.channel,
          messageTs: smokePass.message.ts,
          button: { action_id: smokePass.actionId, value: smokePass.value },
          responseUrl,
        }),
      }),
      () => ({
        kind: 'interaction' as const,
        body: viewSubmission({
          user: 'U_MALLORY',
          view: form,
          values: { system: { [actionIdOf('system')]: { type: 'plain_text_input', value: 'shop' } } },
        }),
      }),
    ];
    const statuses = await inParallel(COUNT, 16, async () => {
      const base = bases[Math.floor(rng() * bases.length)]!();
      const mutant = mutate(base.body as Record<string, unknown>, rng, PROTECT);
      const body =
        base.kind === 'command'
          ? new URLSearchParams(Object.entries(mutant).map(([k, v]) => [k, String(v)])).toString()
          : `payload=${encodeURIComponent(maybeTruncate(JSON.stringify(mutant), rng))}`;
      const res = await bot!.send.raw(maybeTruncate(body, rng, 0.03), 'application/x-www-form-urlencoded');
      return res.status;
    });
    await quiet(() => fake.calls.length);
    await t.core.flush();

    const serverErrors = statuses.filter((s) => s >= 500);
    expect(serverErrors, `seed ${SEED}`).toEqual([]);
    // Most mutants are still well-formed and were acknowledged; the others were refused, not crashed on.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(COUNT / 2);
    expect(await storeState(t.store)).toEqual(before);

    // And the bot still serves the real tester's click.
    await slack.click('U_BOB', smokePass);
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
  }, 120_000);
});

describe('Slack: signed bodies the fuzz found crashing Bolt (500 before)', () => {
  let t: TestCore | undefined;
  let bot: SlackBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await t?.stop();
  });

  it('a click with a numeric action_id, and one without a user, are answered without a 5xx', async () => {
    t = await createTestCore({ platform: 'slack', attachSurface: false });
    bot = await startSlackBot(t.core);
    const click = messageButtonClick({
      user: 'U_MALLORY',
      channel: 'D_U_BOB',
      messageTs: '1700000000.000001',
      button: { action_id: 'golive:btn:0', value: '{}' },
      responseUrl: bot.fake.responseUrl('x'),
    });
    const numericId = { ...click, actions: [{ ...(click.actions as object[])[0], action_id: 42 }] };
    const { user: _dropped, ...noUser } = click;
    const statuses = [
      (await bot.send.interaction(numericId)).status,
      (await bot.send.interaction(noUser)).status,
      (await bot.send.interaction({ ...click, actions: 42 })).status,
    ];
    // The guard acknowledges what Bolt could route; what Bolt cannot even read is a 400.
    expect(statuses).toEqual([200, 400, 400]);
  });
});
