/**
 * Prints every action card of a normal and an emergency release as an approver's phone would get it:
 * the Slack blocks (English) and the Feishu card (Chinese), reduced to their text. For reading the
 * cards, not for assertions:  npx tsx test/support/dump-cards.ts [normal|emergency] > cards.txt
 */
import { messageCard } from '../../adapters/feishu/render/message-card.js';
import { renderMessage } from '../../adapters/slack/render/message.js';
import { actionCard } from '../../src/conversation/present/cards.js';
import { createDirectory } from '../../src/domain/directory.js';
import type { Release } from '../../src/domain/types.js';
import type { Locale } from '../../src/i18n/text.js';
import { EngineHarness, flow } from '../engine/harness.js';
import { testConfig } from './people.js';

const config = testConfig();
const directory = createDirectory(config.people);

/** The strings of a rendered card, in order, one per line (JSON keys that hold text). */
function texts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') return out;
  if (Array.isArray(node)) for (const x of node) texts(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string' && ['text', 'content', 'alt_text', 'fallback'].includes(k)) out.push(v);
      else texts(v, out);
    }
  return out;
}

function show(release: Release, person: string, flowId: string) {
  for (const [locale, platform] of [
    ['en', 'slack'],
    ['zh-CN', 'feishu'],
  ] as [Locale, 'slack' | 'feishu'][]) {
    const p = {
      flow: flow(flowId),
      config,
      directory,
      locale,
      now: new Date('2026-11-24T02:00:00Z'),
      platform,
    };
    const card = actionCard(release, person, p);
    const rendered = platform === 'slack' ? renderMessage(card) : messageCard(card, locale);
    console.log(`\n===== ${flowId}/${release.stage} → ${person} (${platform}) — push: ${card.summary}`);
    console.log(texts(rendered).join('\n'));
  }
}

const which = process.argv[2];
if (!which || which === 'normal') {
  const h = new EngineHarness('normal', {
    title: 'Checkout v2',
    system: 'shop',
    tester: ['bob'],
    director: 'dave',
    window_start: '2026-11-27T10:00:00+08:00',
    window_end: '2026-11-27T12:00:00+08:00',
    repo_tag: 'v2.4.0',
    zentao: 'https://zentao.example/story/88',
  });
  show(h.release, 'alice', 'normal');
  h.act('alice', 'submit_for_test', { build: 'build 1187' });
  show(h.release, 'bob', 'normal');
  h.act('bob', 'smoke_fail', { reason: 'Login crashes on Safari', bugs: ['https://zentao.example/bug/1'] });
  show(h.release, 'alice', 'normal');
  h.act('alice', 'submit_for_test', { build: 'build 1188' });
  h.act('bob', 'smoke_pass');
  show(h.release, 'bob', 'normal');
  h.act('bob', 'report_bugs', { bugs: ['https://zentao.example/bug/2'], count: 1 });
  show(h.release, 'alice', 'normal');
  h.act('alice', 'fixes_ready', { note: 'Fixed the coupon rounding' });
  show(h.release, 'bob', 'normal');
  h.act('bob', 'tests_passed');
  show(h.release, 'bob', 'normal');
  h.act('bob', 'file_test_report', {
    report: 'https://wiki.example/r',
    summary: 'All 42 cases pass after one regression round',
    cases: 42,
    open_bugs: 0,
  });
  show(h.release, 'alice', 'normal');
  h.act('alice', 'apply_for_launch', { plan: 'Deploy at 20:00, roll back by tag v2.3.9' });
  show(h.release, 'dave', 'normal');
  h.ok('dave', { type: 'approve' });
  h.ok('bob', { type: 'approve' });
  show(h.release, 'alice', 'normal');
  h.act('alice', 'launch_complete');
  show(h.release, 'bob', 'normal');
}
if (!which || which === 'emergency') {
  const h = new EngineHarness('emergency', {
    title: 'Payments hotfix',
    system: 'pay',
    reason_category: 'severe_bug',
    justification: 'Payments fail for every card issued by two banks since the 09:00 deploy.',
    tester: ['bob'],
    director: 'dave',
    repo_tag: 'v3.1.2',
  });
  show(h.release, 'erin', 'emergency');
  h.ok('erin', { type: 'approve' });
  show(h.release, 'bob', 'emergency');
  h.act('bob', 'problems_found', { problems: ['Receipt e-mail arrives late'] });
  show(h.release, 'erin', 'emergency');
  h.act('erin', 'ship_with_known_issues', { known_issues: ['Receipt e-mail arrives late'] });
  show(h.release, 'bob', 'emergency');
  h.act('bob', 'file_test_report', { summary: 'Payments pass on both banks' });
  show(h.release, 'dave', 'emergency');
  h.ok('dave', { type: 'approve' });
  h.ok('bob', { type: 'approve' });
  show(h.release, 'alice', 'emergency');
  h.act('alice', 'launch_complete');
  show(h.release, 'bob', 'emergency');
}
