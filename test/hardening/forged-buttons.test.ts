import { afterEach, describe, expect, it } from 'vitest';
import { REFUSALS } from '../../src/i18n/catalog.js';
import { type SlackBot, startSlackBot } from '../slack/harness.js';
import { viewSubmission } from '../slack/payloads.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';
import { actIs, createNormalRelease, storeState } from './fuzz-support.js';

/**
 * Button values and form metadata anyone could forge: the core's schema decides at the edge. A forged
 * command type (`timer`, one that does not exist), a command given as text, ids that are not strings
 * are "this button is not valid" in the person's language — never "could not save, try again", since
 * nothing would make them work — and an attempt on a real release is audited there as a refusal.
 */
describe('Slack: forged button values and form metadata', () => {
  let t: TestCore | undefined;
  let bot: SlackBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await t?.stop();
  });

  it('are "this button is not valid" in both languages, audited on the release they name, and change nothing', async () => {
    const config = testConfig();
    config.people = config.people.map((p) => (p.id === 'mallory' ? { ...p, locale: 'zh-CN' as const } : p));
    t = await createTestCore({ platform: 'slack', attachSurface: false, config });
    bot = await startSlackBot(t.core);
    const slack = new SlackDriver(bot, () => t!.core.flush());
    await createNormalRelease(t, (p) => `U_${p.toUpperCase()}`, 'C_RELEASES');
    await slack.press('U_ALICE', (b) => actIs('submit_for_test')(b.intent), {});
    const smokePass = slack.screen.button('U_BOB', (b) => actIs('smoke_pass')(b.intent))!;
    const entry = (await t.store.load('REL-1'))!.stageEntry;
    const before = await storeState(t.store);
    const refusedBefore = (await t.store.events('REL-1')).filter((e) => e.what === 'refused').length;

    const forged: [string, unknown, boolean][] = [
      ['a timer command', { r: 'REL-1', e: entry, c: { type: 'timer', timer: 'remind' } }, true],
      ['an unknown command type', { r: 'REL-1', e: entry, c: { type: 'launch_now' } }, true],
      ['a command given as text', { r: 'REL-1', e: entry, c: 'approve' }, true],
      ['an action id that is a number', { r: 'REL-1', e: entry, c: { type: 'act', action: 5 } }, true],
      ['a stage entry that is text', { r: 'REL-1', e: String(entry), c: { type: 'approve' } }, true],
      ['an extra field', { r: 'REL-1', e: entry, c: { type: 'approve' }, x: 1 }, true],
      ['a release id that is a number', { r: 1, e: entry, c: { type: 'approve' } }, false],
      ['a release id that is a list', { r: ['REL-1'], e: entry, c: { type: 'approve' } }, false],
      ['a release that does not exist', { r: 'REL-99', e: 1, c: { type: 'timer' } }, false],
      ['a value that is not an object', 42, false],
    ];
    let audited = 0;
    for (const [what, value, namesRelease] of forged) {
      for (const user of ['U_BOB', 'U_MALLORY']) {
        const payload = slack.clickPayload(user, { ...smokePass, value: JSON.stringify(value) });
        const clicked = await slack.deliver(user, payload);
        expect(clicked.status, what).toBe(200);
        const expected = user === 'U_MALLORY' ? REFUSALS.invalid_button['zh-CN'] : REFUSALS.invalid_button.en;
        expect(clicked.answer, `${what} by ${user}`).toContain(expected);
        if (namesRelease) audited++;
      }
    }

    // A modal whose metadata carries a forged intent.
    const forgedMeta = JSON.stringify({
      c: { kind: 'command', intent: { releaseId: 'REL-1', stageEntry: entry, command: { type: 'timer' } } },
    });
    const view = {
      id: 'V_FORGED',
      hash: 'h1',
      trigger: '',
      view: { type: 'modal', callback_id: 'golive:form', private_metadata: forgedMeta, blocks: [] },
    };
    const submitted = await bot.send.interaction(
      viewSubmission({ user: 'U_BOB', view: view as never, values: {} }),
    );
    expect(submitted.status).toBe(200);
    audited++;
    await t.core.flush();

    expect(await storeState(t.store)).toEqual(before);
    const refused = (await t.store.events('REL-1')).filter((e) => e.what === 'refused');
    expect(refused.length - refusedBefore).toBe(audited);
    expect(refused.slice(refusedBefore).every((e) => e.data?.code === 'invalid_button')).toBe(true);
    const said = bot.fake.calls.map((c) => JSON.stringify(c.args)).join('\n');
    expect(said).not.toContain('Could not save');
    expect(said).not.toContain('暂时无法保存');

    // The real button still works.
    await slack.click('U_BOB', smokePass);
    expect((await t.store.load('REL-1'))?.stage).toBe('testing');
  }, 120_000);
});
