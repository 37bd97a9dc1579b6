import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';
import { storeWithOutage } from '../support/store-outage.js';
import { type SlackBot, startSlackBot } from './harness.js';
import { act } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

const values = {
  title: 'Checkout v2',
  system: 'shop',
  tester: ['U_BOB'],
  director: 'U_DAVE',
};

describe('Slack: a modal submit the core could not save', () => {
  let t: TestCore | undefined;
  let bot: SlackBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await t?.stop();
    bot = undefined;
    t = undefined;
  });

  async function start(locale: 'en' | 'zh-CN') {
    const { store, down } = storeWithOutage(createSqliteStore({ file: ':memory:' }));
    t = await createTestCore({
      platform: 'slack',
      attachSurface: false,
      store,
      config: testConfig({ locale }),
    });
    bot = await startSlackBot(t.core);
    return { t, bot, down, slack: new SlackDriver(bot, () => t!.core.flush()) };
  }

  it('keeps the new-release modal open with the error, and the same submit works once the store is back', async () => {
    const { t, down, slack } = await start('en');
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'normal');

    down.on = true;
    const refused = await slack.submit('U_ALICE', form, values);
    expect(refused.res.status).toBe(200);
    // The modal stays (errors, not a close), the message under its first input, in the user's language.
    expect(JSON.parse(refused.res.body)).toEqual({
      response_action: 'errors',
      errors: { title: 'Could not save right now; please try again.' },
    });
    expect(slack.screen.privateAnswers('U_ALICE')).toEqual([]);

    down.on = false;
    const again = await slack.submit('U_ALICE', form, values);
    expect(again.answer).toContain('Created REL-1');
    expect((await t.store.load('REL-1'))?.title).toBe('Checkout v2');
  });

  it('keeps a decision modal open in Chinese, and the resubmitted decision is recorded once', async () => {
    const { t, down, slack } = await start('zh-CN');
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'normal');
    expect((await slack.submit('U_ALICE', form, values)).answer).toContain('REL-1');

    // "Submit for test" asks for the build in a modal.
    const clicked = await slack.click('U_ALICE', slack.screen.button('U_ALICE', act('submit_for_test'))!);
    const modal = clicked.modal;
    if (!modal) throw new Error(`no modal for submit for test: ${clicked.answer}`);

    down.on = true;
    const refused = await slack.submit('U_ALICE', modal, { build: '2.3.0' });
    const body = JSON.parse(refused.res.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors)).toEqual(['暂时无法保存，请稍后重试。']);
    expect((await t.store.load('REL-1'))?.stage).toBe('development');

    down.on = false;
    const again = await slack.submit('U_ALICE', modal, { build: '2.3.0' });
    expect(again.res.body).toBe('');
    expect(again.answer).toContain('REL-1');
    const release = await t.store.load('REL-1');
    expect(release?.stage).toBe('smoke_test');
    expect((await t.store.events('REL-1')).filter((e) => e.what === 'submit_for_test')).toHaveLength(1);
  });
});
