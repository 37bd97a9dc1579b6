import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../support/core.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { act, is } from './scenario.js';
import { SlackDriver } from './slack-driver.js';
import { fields, header, visibleText } from './slack-screen.js';
import { type SlackSocketBot, startSlackSocketBot } from './socket-harness.js';

let t: TestCore | undefined;
let bot: SlackSocketBot | undefined;
afterEach(async () => {
  await bot?.stop();
  await t?.stop();
  bot = t = undefined;
});

async function start() {
  t = await createTestCore({ platform: 'slack', attachSurface: false });
  bot = await startSlackSocketBot(t.core);
  return { t, bot, slack: new SlackDriver(bot, () => t!.core.flush()) };
}

describe('Slack Socket Mode: a whole release over a local Socket Mode endpoint', () => {
  it('goes from /release new through approvals by button to launch, every envelope acknowledged once', async () => {
    const { t, bot, slack } = await start();
    expect(bot.socket.openConnections()).toEqual([1]);

    // The slash command arrives as a slash_commands envelope; its trigger opens the modal.
    const opened = await slack.command('U_ALICE', 'new');
    expect(bot.send.last()).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'emergency');

    // A submit with an error is answered in the ack's payload, as over HTTP.
    const { justification: _, ...missing } = PAYMENT_HOTFIX;
    const invalid = await slack.submit('U_ALICE', form, missing);
    expect(JSON.parse(invalid.res.body)).toMatchObject({ response_action: 'errors' });
    expect(bot.socket.acksOf(bot.send.last().envelope_id)[0]?.payload).toMatchObject({
      response_action: 'errors',
    });

    const created = await slack.submit('U_ALICE', form, PAYMENT_HOTFIX);
    expect(created.answer).toContain('Created REL-1');
    const card = () => slack.screen.cards('C_RELEASES').find((m) => header(m).startsWith('REL-1'))!;
    expect(fields(card()).Awaiting).toBe('<@U_ERIN>');

    await slack.press('U_ERIN', is('approve'));
    await slack.press('U_BOB', act('tests_passed'));
    await slack.press('U_BOB', act('file_test_report'), {
      summary: 'Core paths pass',
      report: 'https://wiki.example/r/41',
    });
    await slack.press('U_DAVE', is('approve'));
    await slack.press('U_BOB', is('approve'));
    await slack.press('U_ALICE', act('launch_complete'));
    const announcement = slack.screen.cards('C_ANNOUNCE').find((m) => visibleText(m).includes('🚀'));
    expect(announcement).toBeDefined();
    await slack.press('U_BOB', act('verified'));
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'done' });

    // Every envelope was acknowledged exactly once, on the connection it came on.
    for (const envelope of bot.send.sent) {
      expect(bot.socket.acksOf(envelope.envelope_id)).toHaveLength(1);
    }
    expect(bot.send.sent.map((e) => e.type)).toContain('interactive');
    expect(bot.socket.acks.every((a) => a.connection === 1)).toBe(true);
    expect(bot.fake.callsTo('response_url').map((c) => String(c.args.text))).not.toContainEqual(
      expect.stringContaining('went wrong'),
    );
    expect(bot.violations()).toEqual([]);
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
