import { describe, expect, it } from 'vitest';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { act, is } from './scenario.js';
import { fields, header, visibleText } from './slack-screen.js';
import { slackSocketScenarios } from './socket-harness.js';

const scenarios = slackSocketScenarios();

describe('Slack Socket Mode: a whole release over a local Socket Mode endpoint', () => {
  it('goes from /release new through approvals by button to launch, across a refresh and duplicated envelopes', async () => {
    const { t, bot, slack } = await scenarios.start();
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

    // Slack recycles the connection: the next one is open before the first closes, and the release goes on there.
    bot.socket.disconnect('refresh_requested', 1);
    await bot.socket.nextConnection(1);
    await bot.socket.closed(1);
    expect(bot.socket.openConnections()).toEqual([2]);
    await slack.press('U_BOB', act('tests_passed'));

    // Slack delivers that click again, in the same envelope and then as a retry: it counts once.
    const click = bot.send.last();
    const answers = slack.screen.privateAnswers('U_BOB').length;
    const again = bot.socket.deliver(click.type, click.payload, { envelopeId: click.envelope_id });
    await bot.socket.acked(again.envelope_id, 1);
    const retry = bot.socket.deliver(click.type, click.payload, { retry: { attempt: 1, reason: 'timeout' } });
    await bot.socket.acked(retry.envelope_id);
    expect((await t.store.events('REL-1')).filter((e) => e.what === 'tests_passed')).toHaveLength(1);

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

    // Every envelope was acknowledged once per delivery, on the connection it came on; Bob was answered once.
    for (const envelope of bot.send.sent) {
      expect(bot.socket.acksOf(envelope.envelope_id)).toHaveLength(envelope === click ? 2 : 1);
    }
    const cameOn = new Map(
      bot.socket.events.flatMap((e) => (e.kind === 'envelope' ? [[e.envelopeId, e.connection]] : [])),
    );
    expect(bot.socket.acks.filter((a) => a.connection !== cameOn.get(a.envelopeId))).toEqual([]);
    expect(slack.screen.privateAnswers('U_BOB').slice(answers, answers + 1)).toEqual([
      expect.stringContaining('Recorded: File the test report'),
    ]);
    expect(bot.fake.callsTo('response_url').map((c) => String(c.args.text))).not.toContainEqual(
      expect.stringContaining('went wrong'),
    );
    expect(bot.violations()).toEqual([]);
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
