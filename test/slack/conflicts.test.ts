import { describe, expect, it } from 'vitest';
import { testConfig } from '../support/people.js';
import { act, newRelease, plannedRelease, slackScenarios } from './scenario.js';
import { fields } from './slack-screen.js';

const scenarios = slackScenarios();

const SYSTEMS = [
  { id: 'pay', name: { 'zh-CN': '支付', en: 'Payments' }, owners: ['dave'] },
  {
    id: 'shop',
    name: { 'zh-CN': '商城', en: 'Shop' },
    owners: [],
    freezeWindows: [
      {
        start: '2026-12-10T00:00:00+08:00',
        end: '2026-12-13T00:00:00+08:00',
        reason: { 'zh-CN': '双十二封版', en: 'Double 12 freeze' },
      },
    ],
  },
];

const release = plannedRelease;

describe('Slack: planned windows, systems and conflicts', () => {
  it('offers the configured systems, warns the requester of an overlap, and shows it on the approvers’ cards', async () => {
    const { t, slack } = await scenarios.start(testConfig({ systems: SYSTEMS }));
    const first = await newRelease(
      slack,
      'normal',
      release('Card vault', 'pay', '2026-12-01T02:00:00Z', '2026-12-01T04:00:00Z'),
    );
    // The system is a choice among the configured ones.
    const systemBlock = (
      first.form.view.blocks as { block_id?: string; element?: { type: string; options?: unknown[] } }[]
    ).find((b) => b.block_id === 'system');
    expect(systemBlock?.element?.type).toBe('static_select');
    expect(JSON.stringify(systemBlock?.element?.options)).toContain('Payments');
    expect(first.answer).not.toContain('conflicts');

    const second = await newRelease(
      slack,
      'normal',
      release('Refund API', 'pay', '2026-12-01T03:00:00Z', '2026-12-01T05:00:00Z'),
    );
    expect(second.answer).toContain('The planned window has conflicts');
    expect(second.answer).toContain(
      'Overlaps REL-1 "Card vault" of the same system (1 Dec 10:00 → 1 Dec 12:00)',
    );
    expect((await t.store.load('REL-2'))?.conflicts).toEqual([
      expect.objectContaining({ kind: 'overlap', release: 'REL-1' }),
    ]);
    // Another system's release in the same hours is no conflict.
    const third = await newRelease(
      slack,
      'normal',
      release('Banner', 'shop', '2026-12-01T03:00:00Z', '2026-12-01T05:00:00Z'),
    );
    expect(third.answer).not.toContain('conflicts');

    // The status card in the channel shows it.
    const status = slack.screen.cards('C_RELEASES').find((m) => m.text.startsWith('REL-2'));
    expect(status && fields(status).Conflicts).toContain('REL-1');

    // Applied for launch (the conflict is checked again), the approvers' cards show it.
    await slack.press('U_ALICE', (b) => b.intent.releaseId === 'REL-2' && act('submit_for_test')(b), {});
    await slack.press('U_BOB', (b) => b.intent.releaseId === 'REL-2' && act('smoke_pass')(b));
    await slack.press('U_BOB', (b) => b.intent.releaseId === 'REL-2' && act('tests_passed')(b));
    await slack.press('U_BOB', (b) => b.intent.releaseId === 'REL-2' && act('file_test_report')(b), {
      report: 'https://wiki.example/r',
      summary: 'ok',
    });
    await slack.press('U_ALICE', (b) => b.intent.releaseId === 'REL-2' && act('apply_for_launch')(b), {});
    expect((await t.store.load('REL-2'))?.stage).toBe('sign_off');
    const card = slack.screen
      .dms('U_DAVE')
      .filter((m) => m.text.includes('REL-2'))
      .at(-1);
    expect(card && fields(card).Conflicts).toContain('Overlaps REL-1 "Card vault"');
  });

  it('under a blocking policy refuses the form, naming the conflict; a system’s freeze counts for its releases', async () => {
    const { t, slack } = await scenarios.start(testConfig({ systems: SYSTEMS, conflictPolicy: 'block' }));
    await newRelease(
      slack,
      'normal',
      release('Card vault', 'pay', '2026-12-01T02:00:00Z', '2026-12-01T04:00:00Z'),
    );
    const opened = await slack.command('U_ALICE', 'new');
    const form = await slack.chooseFlow('U_ALICE', opened.modal!, 'normal');
    const refused = await slack.submit(
      'U_ALICE',
      form,
      release('Refund API', 'pay', '2026-12-01T03:00:00Z', '2026-12-01T05:00:00Z'),
    );
    expect(refused.res.body).toContain('response_action');
    expect(refused.res.body).toContain('Overlaps REL-1');
    const frozen = await slack.submit(
      'U_ALICE',
      form,
      release('Banner', 'shop', '2026-12-11T03:00:00Z', '2026-12-11T05:00:00Z'),
    );
    expect(frozen.res.body).toContain('Inside a freeze of shop: Double 12 freeze');
    expect(await t.store.load('REL-2')).toBeNull();
  });
});
