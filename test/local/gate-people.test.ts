import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';
import { terminal } from './support/terminal.js';

let t: TestCore;
afterEach(() => t?.stop());

const NEW_NORMAL = ['/release new normal', 'Checkout v2', 'shop', 'bob', 'dave', '', '', '', ''];

describe('local mode: whom a 转交 or 加签 names', () => {
  it('is refused at once, with the reason, and asked again', async () => {
    t = await createTestCore({ attachSurface: false });
    const term = terminal(t.core);
    await term.type([...NEW_NORMAL, '1', 'rc1'], 'Recorded: Submit for test');
    await term.type(['/as bob', '1'], 'Recorded: Smoke test passed');
    await term.type(['2'], 'Recorded: Tests passed');
    await term.type(['1', 'https://wiki.example/r', 'green', '', ''], 'Recorded: File the test report');
    await term.type(['/as alice', '1', ''], 'DM to Dave');
    await term.type(['/as dave', '/cards'], '[4] Delegate');
    // Delegate: the requester, someone without the director's role, then a stranger — each refused
    // at once next to the field, and the field asked again.
    await term.type(['4'], '? Hand over to');
    const ask = (who: string) => term.type([who], '? Hand over to');
    expect(await ask('alice')).toContain(
      '✖ Hand over to: Alice is the requester and cannot approve their own release; choose someone else.',
    );
    expect(await ask('carol')).toContain(
      '✖ Hand over to: Carol does not hold the role Technical director; choose someone who does.',
    );
    expect(await ask('zed')).toContain(
      '✖ Hand over to: "zed" is not in the team config; choose someone who is.',
    );
    expect(await ask('bob')).toContain(
      '✖ Hand over to: Bob is already an approver here; choose someone else.',
    );
    await term.type(['/cancel'], 'Form dropped');
    // Add approver: not the requester; oscar (no role at this gate) is taken.
    await term.type(['/cards', '5'], '? ');
    expect(await term.type(['alice'], '✖')).toContain('Alice is the requester');
    await term.type(['oscar'], 'Recorded: Add approver');
    const slots = (await t.store.load('REL-1'))?.gate?.slots ?? [];
    expect(slots.map((s) => s.person)).toEqual(['dave', 'bob', 'oscar']);
    term.input.end();
    await term.local.done;
  });
});

describe('local mode: who a release form names, checked as each person is entered', () => {
  it('refuses a developer as tester and a self-named director at once, before the next field is asked', async () => {
    t = await createTestCore({ attachSurface: false });
    const term = terminal(t.core);
    await term.type(['/as dave', '/release new normal', 'Ledger fix', 'ledger'], '? Tester(s)');
    const developer = await term.type(['alice'], '? Tester(s)');
    expect(developer).toContain(
      '✖ Tester(s): Alice does not hold the role Tester(s) in the team config; choose someone who does',
    );
    expect(developer).not.toContain('? Technical director');
    await term.type(['bob'], '? Technical director');
    const self = await term.type(['dave'], '? Technical director');
    expect(self).toContain(
      '✖ Technical director: You cannot name yourself Technical director: a requester never approves their own release',
    );
    expect(self).not.toContain('? Planned launch time');
    term.input.end();
    await term.local.done;
    expect(await t.store.load('REL-1')).toBeNull();
  });

  it('refuses one person in two approver roles of a gate as the second role is entered', async () => {
    const config = testConfig();
    config.people = config.people.map((p) =>
      p.id === 'carol' ? { ...p, roles: ['tester', 'director'] } : p,
    );
    t = await createTestCore({ config, attachSurface: false });
    const term = terminal(t.core);
    await term.type(['/release new normal', 'Ledger fix', 'ledger', 'carol'], '? Technical director');
    const twice = await term.type(['carol'], '? Technical director');
    expect(twice).toContain(
      '✖ Technical director: Carol is already named Tester(s); one person cannot fill two approver roles of "Sign-off by director and tester"',
    );
    await term.type(['dave'], '? Planned launch time');
    term.input.end();
    await term.local.done;
  });
});
