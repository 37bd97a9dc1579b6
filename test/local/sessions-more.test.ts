import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT } from './support/golive-process.js';
import { inChannel, lastStatus, session, TEAM, tempDir } from './support/sessions.js';

// The activity and enterprise sessions; test/local/sessions.test.ts has the normal and emergency ones.
describe('scripted local sessions, as `npm start < script` runs them (activity, enterprise)', {
  timeout: 120_000,
}, () => {
  it('activity: no smoke gate, a bug loop, launch announced, campaign taken down, done', async () => {
    const { transcript, cards } = await session('activity');
    expect(transcript).not.toContain('Smoke test');
    expect(inChannel(cards, 'announce', '🚀 已上线：REL-1「Double 12 flash sale」')).toHaveLength(1);
    expect(inChannel(cards, 'announce', '✅ 已完成：REL-1「Double 12 flash sale」')).toHaveLength(1);
    const status = lastStatus(cards);
    expect(status).toContain('Stage: Done');
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
      expect(transcript).toContain('⚠ This action is not yours (it belongs to: Operations owner).');
      const launch = inChannel(cards, 'announce', '🚀 已上线：REL-1「Billing platform 3.0」');
      expect(launch).toHaveLength(1);
      // The observation period ended on its own: the notice came from the timer, not from a button.
      expect(transcript).not.toContain('按下「结束观察」');
      expect(cards.some((c) => c.text.includes('观察期结束：REL-1「Billing platform 3.0」进入移交'))).toBe(
        true,
      );
      const done = inChannel(cards, 'announce', '✅ 已完成：REL-1「Billing platform 3.0」');
      expect(done).toHaveLength(1);
      expect(done[0]?.text).toContain('签字人：Dave、Oscar、Bob');
      expect(lastStatus(cards)).toContain('阶段：已完成并移交 · 已完成');
    });
  });
});
