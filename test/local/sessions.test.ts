import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/golive-process.js';
import { inChannel, lastStatus, session } from './support/sessions.js';

// The normal and emergency sessions; test/local/sessions-more.test.ts has the other two (two files
// run side by side).
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
    expect(launch[0]?.text).toContain('签字人：Dave、Bob');
    expect(inChannel(cards, 'team', '🚀 已上线：REL-1「Checkout v2」')).toHaveLength(1);
    expect(inChannel(cards, 'announce', '✅ 已完成：REL-1「Checkout v2」')).toHaveLength(1);
    const status = lastStatus(cards);
    expect(status).toContain('Stage: Done');
    expect(status).toContain('Loops: smoke failed 1 · bug loops 1 · production problems 0');
  });

  it('emergency: executive approval, ship with known issues, launched through a freeze, verified', async () => {
    const { transcript, cards } = await session('emergency', join(FIXTURES, 'team-frozen.yaml'));
    // dave (director) and bob (tester) both reach for the executive's decisions and are refused.
    expect(transcript.match(/⚠ Only a configured executive can decide this\./g)).toHaveLength(2);
    const launch = inChannel(cards, 'announce', '🚀 已上线：REL-1「Payment outage hotfix」');
    expect(launch).toHaveLength(1);
    expect(launch[0]?.text).toContain(
      '已知问题：\n    • Receipt e-mail arrives late\n    • Refund page shows the old logo',
    );
    expect(launch[0]?.text).toContain('签字人：Erin、Bob、Dave');
    expect(launch[0]?.text).toContain('封网期紧急上线');
    const status = lastStatus(cards);
    expect(status).toContain('Stage: Done');
    expect(status).toContain('• Refund page shows the old logo');
    expect(status).toContain('Launched during a freeze');
  });
});
