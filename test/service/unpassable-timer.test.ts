import { afterEach, describe, expect, it } from 'vitest';
import type { Button } from '../../src/conversation/model.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import { builtInFlows, createTestCore, findButton, reopenableStore, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

/**
 * The normal flow as a team might change it: operations sign off too (a role the config fills), and a
 * launch application left an hour is filed by itself.
 */
function teamFlows(): FlowSpec[] {
  return builtInFlows().map((f) =>
    f.id !== 'normal'
      ? f
      : {
          ...f,
          stages: f.stages.map((s) =>
            s.id === 'launch_application'
              ? {
                  ...s,
                  timers: [
                    {
                      id: 'auto',
                      kind: 'timeout' as const,
                      after: { hours: 1 },
                      action: 'apply_for_launch',
                      repeat: false,
                    },
                  ],
                }
              : s.id === 'sign_off' && s.gate
                ? { ...s, gate: { ...s.gate, approvers: [...s.gate.approvers, 'ops'] } }
                : s,
          ),
        },
  );
}

async function press(t: TestCore, who: string, action: string, input: Record<string, unknown> = {}) {
  const match = (b: Button) => b.intent.command.type === 'act' && b.intent.command.action === action;
  const button = findButton(t.surface.dmsTo(who), match);
  if (!button) throw new Error(`${who} has no ${action} button`);
  const reply = await t.core.press(t.as(who), button.intent);
  if (reply.kind === 'form') {
    const r = await t.core.submit(t.as(who), reply.form.context, input);
    if (!r.ok) throw new Error(`form refused: ${JSON.stringify(r.errors)}`);
  }
  await t.core.flush();
}

describe('a timer that would move a release into a gate nobody could pass', () => {
  it('leaves the release where it is, tells the requester and the admins, and says so in the trail', async () => {
    const reopen = reopenableStore();
    const flows = teamFlows();
    const first = await createTestCore({ store: reopen(), flows });
    cores.push(first);
    const made = await first.core.submit(
      first.as('alice'),
      { kind: 'new_release', flowId: 'normal' },
      { title: 'Checkout v2', system: 'shop', tester: 'bob', director: 'dave' },
    );
    expect(made.ok).toBe(true);
    await first.core.flush();
    await press(first, 'alice', 'submit_for_test');
    await press(first, 'bob', 'smoke_pass');
    await press(first, 'bob', 'tests_passed');
    await press(first, 'bob', 'file_test_report', { report: 'https://wiki.example/r', summary: 'green' });
    expect((await first.store.load('REL-1'))?.stage).toBe('launch_application');
    await first.stop();
    cores.length = 0;

    // The config changes while it waits: Oscar leaves operations, and Bella keeps the config.
    const base = testConfig();
    const config = testConfig({
      people: base.people.map((p) =>
        p.id === 'oscar'
          ? { ...p, roles: [] }
          : p.id === 'bella'
            ? { ...p, roles: ['business', 'admin'] }
            : p,
      ),
    });
    const t = await createTestCore({ store: reopen(), flows, config, startAt: first.clock.now() });
    cores.push(t);
    t.clock.advanceHours(2);
    await t.tick();

    const release = await t.store.load('REL-1');
    expect(release?.stage).toBe('launch_application');
    expect(release?.timers.filter((x) => x.specId === 'auto')).toEqual([]);
    const refused = (await t.store.events('REL-1')).at(-1)!;
    expect(refused).toMatchObject({
      what: 'refused',
      actor: { person: 'system' },
      data: { code: 'no_eligible_approver', attempted: 'timer', action: 'apply_for_launch' },
    });
    for (const who of ['alice', 'bella']) {
      const told = t.surface.dmsTo(who).at(-1)!;
      expect(told.header).toBe(
        'REL-1 "Checkout v2" timed out, but "Apply for launch" could not be done automatically',
      );
      expect(told.body).toContain(
        'Nobody could pass "Sign-off by director and tester": nobody in the team config holds the role',
      );
      expect(told.body).toContain('Bella');
      expect(told.buttons).toEqual([]);
    }
    // The status card's thread says it too, in the reader's words.
    const thread = t.surface.sent
      .filter((s) => s.kind === 'channel' && s.thread)
      .map((s) => s.message.header ?? s.message.summary);
    expect(thread.join('\n')).toContain('Nobody could pass');
  });
});
