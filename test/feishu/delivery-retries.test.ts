import { afterEach, describe, expect, it } from 'vitest';
import { titleOf } from '../support/feishu-card-read.js';
import { FeishuScenario, openIdOf, TEAM_CHAT } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const emergency = {
  title: '热修复',
  system: '订单',
  reason_category: 'urgent_revision',
  justification: '大促前必须修复',
  tester: ['ou_bob'],
  director: 'ou_dave',
};

/** The outbox's first retry comes a second after a failed send: the test clock moves past it. */
async function retryFailedSends(s: FeishuScenario) {
  s.t.clock.current = new Date(s.t.clock.current.getTime() + 2000);
  await s.settle();
}

describe('Feishu: a message whose answer was lost is not sent twice', () => {
  it('the status card created before the answer was lost is the one the retry gets: one card, its thread line under it', async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    api.loseAnswer((c) => c.path === '/open-apis/im/v1/messages' && c.query.receive_id_type === 'chat_id');
    await s.newRelease('alice', 'emergency', emergency);
    // Feishu created the card; golive never heard back, so nothing is under it yet.
    expect(api.inChat(TEAM_CHAT).map((m) => titleOf(api.latest(m)))).toEqual(['REL-1 · 热修复']);

    await retryFailedSends(s);
    const creates = api
      .apiCalls()
      .filter((c) => c.path === '/open-apis/im/v1/messages' && c.query.receive_id_type === 'chat_id');
    // Sent twice with one uuid, created once: one status card, and the creation's line under it.
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((c) => (c.body as { uuid?: string }).uuid)).size).toBe(1);
    const [card, ...rest] = api.inChat(TEAM_CHAT);
    expect(titleOf(api.latest(card!))).toBe('REL-1 · 热修复');
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((m) => m.parentId === card!.id)).toBe(true);
  });

  it('a DM and a thread line resent after a lost answer arrive once', async () => {
    s = await FeishuScenario.start();
    const { api } = s;
    // The outbox's DM (with a uuid), not the form the adapter answers /release new with.
    api.loseAnswer(
      (c) =>
        c.path === '/open-apis/im/v1/messages' &&
        c.query.receive_id_type === 'open_id' &&
        (c.body as { uuid?: string }).uuid !== undefined,
    );
    api.loseAnswer((c) => c.path.endsWith('/reply'));
    await s.newRelease('alice', 'emergency', emergency);
    await retryFailedSends(s);

    const erin = api.dmsTo(openIdOf('erin')).filter((m) => titleOf(api.latest(m)).includes('REL-1'));
    expect(erin).toHaveLength(1);
    const lines = api.inChat(TEAM_CHAT).filter((m) => m.parentId);
    const replies = api.apiCalls().filter((c) => c.path.endsWith('/reply'));
    expect(replies.length).toBeGreaterThan(lines.length);
    expect(new Set(lines.map((m) => titleOf(api.latest(m)))).size).toBe(lines.length);
  });
});

describe('Feishu: a rate limit holds up only what it limits', () => {
  for (const status of [400, 429] as const) {
    it(`waits out x-ogw-ratelimit-reset for the person limited (HTTP ${status}), while the group's messages go at once`, async () => {
      s = await FeishuScenario.start();
      const { api } = s;
      const toErin = (c: { path: string; body: unknown }) =>
        c.path === '/open-apis/im/v1/messages' &&
        (c.body as { receive_id?: string }).receive_id === 'ou_erin';
      api.rateLimitNext(toErin, { status, resetSec: 5 });
      await s.newRelease('alice', 'emergency', emergency);
      // The status card and its line went at once; Erin's card waits for Feishu's five seconds.
      const [card, ...lines] = api.inChat(TEAM_CHAT);
      expect(titleOf(api.latest(card!))).toBe('REL-1 · 热修复');
      expect(lines.length).toBeGreaterThan(0);
      expect(api.dmsTo(openIdOf('erin'))).toEqual([]);

      // Two seconds on (past the outbox's own first backoff, before Feishu's reset): not tried again.
      const tries = () => api.apiCalls().filter(toErin).length;
      s.t.clock.current = new Date(s.t.clock.current.getTime() + 2000);
      await s.settle();
      expect(tries()).toBe(1);
      s.t.clock.current = new Date(s.t.clock.current.getTime() + 3000);
      await s.settle();
      expect(tries()).toBe(2);
      expect(api.dmsTo(openIdOf('erin')).map((m) => titleOf(api.latest(m)))).toEqual([
        expect.stringContaining('REL-1'),
      ]);
    });
  }
});
