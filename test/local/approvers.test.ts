import { describe, expect, it } from 'vitest';
import { createTestCore } from '../support/core.js';
import { session } from './support/sessions.js';

describe('local mode: a command typed into a tester field', () => {
  it('is not a person golive knows, so it is not taken as a tester', async () => {
    const t = await createTestCore({ platform: 'local' });
    const form = { kind: 'new_release', flowId: 'normal' } as const;
    const values = { title: 'Checkout v2', system: 'shop', tester: '/help', director: 'dave' };
    expect(await t.core.submit({ platform: 'local', userId: 'alice' }, form, values)).toEqual({
      ok: false,
      errors: { tester: '"/help" is not in the team config, so cannot be Tester(s)' },
    });
    expect(await t.store.load('REL-1')).toBeNull();
    await t.stop();
  });
});

describe('scripted local session: who may be named, and who may decide', { timeout: 120_000 }, () => {
  it('asks a refused person field again, refuses a self-named director, and catches the lone executive', async () => {
    const { transcript } = await session('approvers');
    // alice's testers: zed is unknown, then alice is no tester; bob is accepted and REL-1 starts.
    expect(transcript).toContain('✖ Tester(s): "zed" is not in the team config, so cannot be Tester(s)');
    expect(transcript).toContain(
      '✖ Tester(s): Alice does not hold the role Tester(s) in the team config; choose someone who does',
    );
    expect(transcript).toContain('✔ Created REL-1 "Checkout v2"');
    // dave may not sign his own release as its director.
    expect(transcript).toContain(
      '✖ Technical director: You cannot name yourself Technical director: a requester never approves their own release',
    );
    expect(transcript).not.toContain('Created REL-2 "Ledger fix"');
    // erin is the only executive: her emergency is refused at creation, saying what is missing and who can fix it.
    expect(transcript).toContain(
      'Nobody could pass "Executive approval of the emergency": the requester holds the role Executive',
    );
    expect(transcript).toContain('Whoever keeps the team config can fix it');
    expect(transcript).not.toContain('Payment outage hotfix"');
  });
});
