import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cardsOf, FIXTURES, ROOT, runScript } from './support/golive-process.js';

const SESSIONS = resolve(ROOT, 'test/local/sessions');
const TEAM = join(FIXTURES, 'team.yaml');
const temp: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `golive-${name}-`));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

async function session(name: string, config = TEAM, flowsDir?: string) {
  const script = readFileSync(join(SESSIONS, `${name}.txt`), 'utf8');
  const run = await runScript(script, {
    dataDir: tempDir(name),
    config,
    ...(flowsDir ? { flowsDir } : {}),
  });
  expect(run.stderr, 'nothing went wrong behind the scenes').toBe('');
  expect(run.code).toBe(0);
  return { ...run, cards: cardsOf(run.transcript) };
}

const inChannel = (cards: { heading: string; text: string }[], channel: string, header: string) =>
  cards.filter((c) => c.heading.endsWith(`频道 #${channel}`) && c.text.includes(header));

/** The last status card a user asked for with /release status. */
const lastStatus = (cards: { heading: string; text: string }[]) =>
  cards.filter((c) => c.heading.includes('only') || c.heading.includes('只有')).at(-1)?.text ?? '';

describe('scripted local sessions, as `npm start < script` runs them', { timeout: 120_000 }, () => {
  it('normal: smoke fail and bug loops, test report, both sign-offs, launch announced, verified, done', async () => {
    const { transcript, cards } = await session('normal');
    // Each line of the script is echoed after the name of whoever typed it.
    expect(transcript).toContain('alice> /release new normal');
    expect(transcript).toContain('✔ Created REL-1 "Checkout v2"');
    expect(transcript).toContain('⚠ You cannot approve your own release.');
    expect(transcript).toContain('⚠ Only the requester, the director or an admin can cancel.');
    const launch = inChannel(cards, 'announce', '🚀 已上线：REL-1「Checkout v2」');
    expect(launch).toHaveLength(1);
    expect(launch[0]?.text).toContain('签字: Dave, Bob');
    expect(inChannel(cards, 'team', '🚀 已上线：REL-1「Checkout v2」')).toHaveLength(1);
    expect(inChannel(cards, 'announce', '✅ 已完成：REL-1「Checkout v2」')).toHaveLength(1);
    const status = lastStatus(cards);
    expect(status).toContain('Stage: Done · Done');
    expect(status).toContain('Loops: smoke failed 1 · bug loops 1 · production problems 0');
  });

  it('emergency: executive approval, ship with known issues, launched through a freeze, verified', async () => {
    const { transcript, cards } = await session('emergency', join(FIXTURES, 'team-frozen.yaml'));
    // dave (director) and bob (tester) both reach for the executive's decisions and are refused.
    expect(transcript.match(/⚠ Only a configured executive can decide this\./g)).toHaveLength(2);
    const launch = inChannel(cards, 'announce', '🚀 已上线：REL-1「Payment outage hotfix」');
    expect(launch).toHaveLength(1);
    expect(launch[0]?.text).toContain(
      '已知问题:\n    • Receipt e-mail arrives late\n    • Refund page shows the old logo',
    );
    expect(launch[0]?.text).toContain('签字: Erin, Bob, Dave');
    expect(launch[0]?.text).toContain('封版期紧急上线');
    const status = lastStatus(cards);
    expect(status).toContain('Stage: Done · Done');
    expect(status).toContain('• Refund page shows the old logo');
    expect(status).toContain('Launched during a freeze');
  });

  it('activity: no smoke gate, a bug loop, launch announced, campaign taken down, done', async () => {
    const { transcript, cards } = await session('activity');
    expect(transcript).not.toContain('Smoke test');
    expect(inChannel(cards, 'announce', '🚀 已上线：REL-1「Double 12 flash sale」')).toHaveLength(1);
    expect(inChannel(cards, 'announce', '✅ 已完成：REL-1「Double 12 flash sale」')).toHaveLength(1);
    const status = lastStatus(cards);
    expect(status).toContain('Stage: Done · Done');
    expect(status).toContain('bug loops 1');
  });

  describe('enterprise', () => {
    let flowsDir = '';
    beforeAll(() => {
      // The built-in flows, except that the observation period may be shorter than a day, so its
      // end can be watched in a test. Everything else is the shipped flow file.
      flowsDir = tempDir('flows');
      for (const file of readdirSync(resolve(ROOT, 'flows')))
        writeFileSync(join(flowsDir, file), readFileSync(resolve(ROOT, 'flows', file)));
      const enterprise = parse(readFileSync(resolve(ROOT, 'flows/enterprise.yaml'), 'utf8'));
      const days = enterprise.form.find((f: { id: string }) => f.id === 'observation_days');
      expect(days.min).toBe(1);
      days.min = 0.00001;
      writeFileSync(join(flowsDir, 'enterprise.yaml'), stringify(enterprise));
    });

    it('checklist, sequential approval, run-book in order, launch report, observation ends by timer, hand-over', async () => {
      const { transcript, cards } = await session('enterprise', TEAM, flowsDir);
      expect(transcript).toContain('⚠ 还没轮到你审批：前面的审批人尚未决定。');
      expect(transcript).toContain('⚠ This action is not yours (it belongs to: ops).');
      const launch = inChannel(cards, 'announce', '🚀 已上线：REL-1「Billing platform 3.0」');
      expect(launch).toHaveLength(1);
      // The observation period ended on its own: the notice came from the timer, not from a button.
      expect(transcript).not.toContain('按下「观察期结束」');
      expect(cards.some((c) => c.text.includes('观察期结束：REL-1「Billing platform 3.0」进入移交'))).toBe(
        true,
      );
      const done = inChannel(cards, 'announce', '✅ 已完成：REL-1「Billing platform 3.0」');
      expect(done).toHaveLength(1);
      expect(done[0]?.text).toContain('签字: Dave, Oscar, Bob, Bella');
      expect(lastStatus(cards)).toContain('阶段: 已完成并移交 · 已完成');
    });
  });
});
