import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/chain.js';
import { EngineHarness, NORMAL_FORM } from './harness.js';

function trail() {
  const h = new EngineHarness('normal', NORMAL_FORM);
  h.act('alice', 'submit_for_test');
  h.act('bob', 'smoke_fail', { reason: 'broken' });
  h.act('alice', 'submit_for_test');
  h.act('bob', 'smoke_pass');
  return h;
}

describe('audit trail', () => {
  it('records who, platform, when, what, comment and stages of every accepted command', () => {
    const h = trail();
    expect(h.events.map((e) => e.what)).toEqual([
      'create',
      'submit_for_test',
      'smoke_fail',
      'submit_for_test',
      'smoke_pass',
    ]);
    expect(h.events[2]).toMatchObject({
      seq: 3,
      actor: { person: 'bob', platform: 'local' },
      comment: 'broken',
      stageBefore: 'smoke_test',
      stageAfter: 'development',
      at: h.now.toISOString(),
    });
    expect(h.verify()).toEqual({ ok: true, count: 5 });
  });

  it('detects an edited event', () => {
    const h = trail();
    const events = h.events.map((e) => ({ ...e }));
    events[2] = { ...events[2]!, actor: { person: 'mallory', platform: 'local' } };
    expect(verifyChain(events)).toEqual({ ok: false, seq: 3, problem: 'edited' });
  });

  it('detects a removed event in the middle and a removed tail', () => {
    const h = trail();
    expect(verifyChain(h.events.filter((e) => e.seq !== 2))).toMatchObject({ ok: false, problem: 'missing' });
    const expected = { lastHash: h.release.lastEventHash, count: h.release.eventCount };
    expect(verifyChain(h.events.slice(0, -1), expected)).toMatchObject({
      ok: false,
      problem: 'tail_removed',
    });
  });

  it('detects a forged event re-hashed on its own (the next link breaks)', async () => {
    const h = trail();
    const { hashEvent } = await import('../../src/audit/chain.js');
    const events = h.events.map((e) => ({ ...e }));
    const forged = { ...events[1]!, comment: 'backdated' };
    events[1] = { ...forged, hash: hashEvent(forged) };
    expect(verifyChain(events)).toEqual({ ok: false, seq: 3, problem: 'broken_link' });
  });
});
