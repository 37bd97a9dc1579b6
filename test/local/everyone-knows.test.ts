import { afterEach, describe, expect, it } from 'vitest';
import { emergencyWithCc } from '../support/cc-flows.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { terminal } from './support/terminal.js';

let t: TestCore;
afterEach(() => t?.stop());

describe('local mode: everyone who should know, knows', () => {
  it('prints the CC copy without buttons and tells the approver a rejection reset', async () => {
    t = await createTestCore({ flows: emergencyWithCc(), attachSurface: false });
    const term = terminal(t.core);
    const form = ['/release new emergency', 'Payments hotfix', 'pay', '1', 'Payments fail', 'bob', 'dave'];
    await term.type([...form, '', '', '', ''], 'Created REL-1');
    const approved = await term.type(['/as erin', '/cards', '1', 'y'], 'DM to Bella');
    // 抄送: Bella is told of the executive's approval, with nothing to press.
    const copy = approved.slice(approved.indexOf('DM to Bella'));
    expect(copy).toContain('CC: REL-1 "Payments hotfix" — Erin: approved');
    expect(copy.slice(0, copy.indexOf('└─'))).not.toContain('[1]');
    await term.type(['/as bob', '1'], 'Recorded: Tests passed');
    await term.type(['1', 'All green', ''], 'Recorded');
    await term.type(['/as dave', '1', 'y'], 'DM to Mallory');
    // Bob rejects: Dave's approval no longer counts, and Dave is told so — not just a quietly edited card.
    const out = await term.type(['/as bob', '2', 'Refunds still fail on bank B'], 'no longer counts');
    const told = out.slice(out.lastIndexOf('DM to Dave'));
    expect(told).toContain('Your approval of REL-1 "Payments hotfix" no longer counts: Bob rejected it');
    await term.type(['/as dave'], 'You are now Dave');
    const after = await term.type(['/cards'], 'open cards');
    expect(after).not.toContain('[1] Approve');
    term.input.end();
    await term.local.done;
  });
});
