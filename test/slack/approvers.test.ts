import { describe, expect, it } from 'vitest';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { testConfig } from '../support/people.js';
import { slackScenarios } from './scenario.js';

const scenarios = slackScenarios();

const NORMAL = { title: 'Checkout v2', system: 'shop', tester: ['U_BOB'], director: 'U_DAVE' };

describe('Slack: who may be named on a release form', () => {
  it('refuses, inline under the field, a director naming himself, a developer as tester and an unknown user', async () => {
    const { t, bot, slack } = await scenarios.start();
    const opened = await slack.command('U_DAVE', 'new');
    const form = await slack.chooseFlow('U_DAVE', opened.modal!, 'normal');

    const selfNamed = await slack.submit('U_DAVE', form, NORMAL);
    expect(JSON.parse(selfNamed.res.body)).toEqual({
      response_action: 'errors',
      errors: {
        director: 'You cannot name yourself Technical director: a requester never approves their own release',
      },
    });

    const developer = await slack.submit('U_DAVE', form, {
      ...NORMAL,
      tester: ['U_ALICE', 'U_BOB'],
      director: 'U_DAVE',
    });
    expect(JSON.parse(developer.res.body).errors).toEqual({
      tester: 'Alice does not hold the role Tester(s) in the team config; choose someone who does',
      director: 'You cannot name yourself Technical director: a requester never approves their own release',
    });

    const stranger = await slack.submit('U_DAVE', form, { ...NORMAL, tester: ['U_NOBODY'] });
    expect(JSON.parse(stranger.res.body).errors.tester).toBe(
      '"U_NOBODY" is not in the team config, so cannot be Tester(s)',
    );
    expect(await t.store.load('REL-1')).toBeNull();

    // Named by Alice, the same people are accepted.
    const byAlice = await slack.command('U_ALICE', 'new');
    const aliceForm = await slack.chooseFlow('U_ALICE', byAlice.modal!, 'normal');
    const made = await slack.submit('U_ALICE', aliceForm, NORMAL);
    expect(made.answer).toContain('Created REL-1');
    expect(bot.violations()).toEqual([]);
  });

  it('refuses one person in two approver roles of the sign-off, even holding both roles', async () => {
    const config = testConfig();
    config.people = config.people.map((p) =>
      p.id === 'carol' ? { ...p, roles: ['tester', 'director'] } : p,
    );
    const { t, slack } = await scenarios.start(config);
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'normal');
    const twice = await slack.submit('U_ALICE', form, {
      ...NORMAL,
      tester: ['U_BOB', 'U_CAROL'],
      director: 'U_CAROL',
    });
    expect(JSON.parse(twice.res.body)).toEqual({
      response_action: 'errors',
      errors: {
        director:
          'Carol is already named Tester(s); one person cannot fill two approver roles of "Sign-off by director and tester"',
      },
    });
    expect(await t.store.load('REL-1')).toBeNull();
    const made = await slack.submit('U_ALICE', form, { ...NORMAL, tester: ['U_BOB'], director: 'U_CAROL' });
    expect(made.answer).toContain('Created REL-1');
  });

  it('tells the only executive raising an emergency, at creation, what is missing and who can fix it', async () => {
    const { t, slack } = await scenarios.start();
    const opened = await slack.command('U_ERIN', 'new');
    const form = await slack.chooseFlow('U_ERIN', opened.modal!, 'emergency');
    const sent = await slack.submit('U_ERIN', form, PAYMENT_HOTFIX);
    expect(sent.answer).toBe(
      '⚠️ Nobody could pass "Executive approval of the emergency": the requester holds the role Executive, ' +
        'and the team policy refuses a requester as approver (approverIsRequester: refuse). ' +
        'Whoever keeps the team config can fix it: add someone with the role Executive, or set a deputy and approverIsRequester.',
    );
    expect(await t.store.load('REL-1')).toBeNull();
    // Nobody was sent a card for a release that does not exist.
    expect(slack.screen.cards('C_RELEASES')).toEqual([]);
  });
});
