import { describe, expect, it } from 'vitest';
import type { SlackCall } from '../fakes/slack-api.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { slackScenarios } from './scenario.js';
import { header } from './slack-screen.js';

const scenarios = slackScenarios();

/** Longer than the outbox's first backoff (1 s): a retry that ignored it would come too early. */
const RETRY_AFTER_SEC = 2;
const RELEASES = 20;

const posts = (calls: SlackCall[], channel: string) =>
  calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel);
const refused = (c: SlackCall) => c.result?.error === 'ratelimited';

describe('Slack: a rate-limited channel holds up only its own messages', () => {
  it(`announces ${RELEASES} releases in one channel at Slack's pace while another release's messages go at once`, async () => {
    const s = await scenarios.start();
    const { fake } = s.bot;
    const clock = () => s.t.clock.current.getTime();
    fake.postLimit = { clock, retryAfterSec: RETRY_AFTER_SEC };

    // Twenty emergency releases created in #releases within one moment: each wants its status card
    // and the line under it there, and Erin's approval card.
    for (let n = 1; n <= RELEASES; n++) {
      const opened = await s.slack.command('U_ALICE', 'new');
      const form = await s.slack.chooseFlow('U_ALICE', opened.modal!, 'emergency');
      const made = await s.slack.submit('U_ALICE', form, { ...PAYMENT_HOTFIX, title: `Hotfix ${n}` });
      expect(made.answer).toContain(`Created REL-${n}`);
    }
    // Slack took one post in #releases; the rest wait.
    expect(s.slack.screen.cards('C_RELEASES')).toHaveLength(1);

    // Meanwhile a release in another channel: its status card and Alice's card go at once.
    const opened = await s.slack.command('U_ALICE', 'new', 'C_OTHER');
    const form = await s.slack.chooseFlow('U_ALICE', opened.modal!, 'normal');
    const made = await s.slack.submit('U_ALICE', form, {
      title: 'Checkout v2',
      system: 'shop',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    expect(made.answer).toContain(`Created REL-${RELEASES + 1}`);
    expect(s.slack.screen.cards('C_OTHER').map(header)).toEqual([`REL-${RELEASES + 1} · Checkout v2`]);
    expect(s.slack.screen.dms('U_ALICE').map(header)).toEqual([`For you: REL-${RELEASES + 1} "Checkout v2"`]);
    expect(s.slack.screen.cards('C_RELEASES')).toHaveLength(1);

    // Time passes a second at a time: #releases fills at Slack's pace, every message once.
    for (let step = 0; step < 200 && !allThere(); step++) {
      s.t.clock.current = new Date(clock() + 1000);
      await s.t.core.flush();
    }
    expect(allThere()).toBe(true);
    const cards = s.slack.screen.cards('C_RELEASES');
    expect(cards.map(header).sort()).toEqual(
      Array.from({ length: RELEASES }, (_, i) => `REL-${i + 1} · Hotfix ${i + 1}`).sort(),
    );
    for (const card of cards) {
      const lines = s.slack.screen.thread('C_RELEASES', card.ts);
      expect(lines.map((l) => l.text)).toEqual([expect.stringContaining('created the release')]);
    }
    expect(s.slack.screen.dms('U_ERIN').map(header).sort()).toEqual(
      Array.from({ length: RELEASES }, (_, i) => `For you: REL-${i + 1} "Hotfix ${i + 1}"`).sort(),
    );

    // Slack's Retry-After was honoured: after a 429 on a channel, nothing more was sent there until it
    // was over (requests already under way when it came aside: they left at that same moment).
    for (const channel of ['C_RELEASES', 'D_U_ERIN', 'C_OTHER']) {
      const calls = posts(fake.calls, channel);
      for (const limited of calls.filter(refused)) {
        const early = calls.filter(
          (c) => c.at! > limited.at! && c.at! < limited.at! + RETRY_AFTER_SEC * 1000,
        );
        expect(early, `${channel} after the 429 at ${limited.at}`).toEqual([]);
      }
    }
    // ... and a held channel is not asked again and again: per moment, at most the few sends under way.
    const refusedAt = new Map<number, number>();
    for (const c of fake.calls.filter(refused)) refusedAt.set(c.at!, (refusedAt.get(c.at!) ?? 0) + 1);
    expect(Math.max(...refusedAt.values())).toBeLessThanOrEqual(8);

    function allThere() {
      const cards = s.slack.screen.cards('C_RELEASES');
      return (
        cards.length === RELEASES &&
        cards.every((c) => s.slack.screen.thread('C_RELEASES', c.ts).length === 1) &&
        s.slack.screen.dms('U_ERIN').length === RELEASES
      );
    }
  }, 120_000);
});
