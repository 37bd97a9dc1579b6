import { afterEach, describe, expect, it } from 'vitest';
import type { Button } from '../../src/conversation/model.js';
import { createTestCore, findButton, replyText, type TestCore } from '../support/core.js';

let t: TestCore;
afterEach(() => t?.stop());

async function press(who: string, match: (b: Button) => boolean, input?: Record<string, unknown>) {
  const button = findButton(t.surface.dmsTo(who), match);
  if (!button)
    throw new Error(
      `${who} has no such button; got ${t.surface
        .dmsTo(who)
        .flatMap((m) => m.buttons.map((b) => b.label))
        .join(', ')}`,
    );
  const reply = await t.core.press(t.as(who), button.intent);
  if (reply.kind === 'form') {
    const r = await t.core.submit(t.as(who), reply.form.context, input ?? {});
    if (!r.ok) throw new Error(`form refused: ${JSON.stringify(r.errors)}`);
    await t.core.flush();
    return replyText(r.reply);
  }
  await t.core.flush();
  return replyText(reply);
}
const act = (id: string) => (b: Button) => b.intent.command.type === 'act' && b.intent.command.action === id;
const is = (type: string) => (b: Button) => b.intent.command.type === type;

describe('core: a normal release through the conversation layer', () => {
  it('creates from the two-step form, sends cards with buttons, announces the launch', async () => {
    t = await createTestCore();
    const first = await t.core.command(t.as('alice'), 'new');
    expect(first.kind).toBe('form');
    if (first.kind !== 'form') return;
    const chose = await t.core.submit(t.as('alice'), first.form.context, { flow: 'normal' });
    expect(chose.ok && chose.reply.kind === 'form').toBe(true);
    if (!chose.ok || chose.reply.kind !== 'form') return;
    const bad = await t.core.submit(t.as('alice'), chose.reply.form.context, {
      title: '',
      system: 'shop',
      tester: 'bob',
      director: 'dave',
      zentao: 'not a link',
    });
    expect(bad).toMatchObject({ ok: false, errors: { title: 'Required', zentao: 'Enter an http(s) link' } });
    const made = await t.core.submit(t.as('alice'), chose.reply.form.context, {
      title: 'Checkout v2',
      system: 'shop',
      tester: 'bob',
      director: 'dave',
    });
    expect(made.ok && replyText(made.reply)).toContain('Created REL-1');
    await t.core.flush();
    const status = t.surface.sent.find((s) => s.kind === 'channel' && s.to === 'C_TEAM');
    expect(status?.message.header).toBe('REL-1 · Checkout v2');

    expect(await press('alice', act('submit_for_test'), { build: '1.2.0' })).toContain(
      'Recorded: Submit for test',
    );
    expect(
      await press('bob', act('smoke_fail'), {
        reason: 'crash on login',
        bugs: 'https://zentao.example/bug/1',
      }),
    ).toContain('Smoke test failed');
    await press('alice', act('submit_for_test'), {});
    await press('bob', act('smoke_pass'));
    await press('bob', act('report_bugs'), {
      bugs: 'https://zentao.example/bug/2\nhttps://zentao.example/bug/3',
      count: '2',
    });
    await press('alice', act('fixes_ready'), {});
    await press('bob', act('tests_passed'));
    await press('bob', act('file_test_report'), { report: 'https://wiki.example/report', summary: 'green' });
    await press('alice', act('apply_for_launch'), {});
    // The requester has no approve button, and pressing one anyway is refused.
    expect(findButton(t.surface.dmsTo('alice'), is('approve'))).toBeUndefined();
    const daveApprove = findButton(t.surface.dmsTo('dave'), is('approve'))!;
    expect(daveApprove.confirm?.text).toBe('Approve REL-1 "Checkout v2"?');
    expect(replyText(await t.core.press(t.as('alice'), daveApprove.intent))).toBe(
      'You cannot approve your own release.',
    );
    expect(replyText(await t.core.press(t.as('mallory'), daveApprove.intent))).toBe(
      'You are not an approver of this gate.',
    );
    await press('dave', is('approve'));
    expect(replyText(await t.core.press(t.as('dave'), daveApprove.intent))).toBe('This was already decided.');
    await press('bob', is('approve'));
    await press('alice', act('launch_complete'));
    const announce = t.surface.sent.filter((s) => s.kind === 'channel' && s.message.header.startsWith('🚀'));
    expect(announce.map((a) => a.to).sort()).toEqual(['C_ANNOUNCE', 'C_TEAM']);
    expect(announce[0]?.message.fields).toContainEqual({ label: 'Signed by', value: 'Dave, Bob' });
    expect(announce[0]?.message.fields).toContainEqual({ label: 'Production verification', value: 'Bob' });
    await press('bob', act('verified'));
    const release = await t.store.load('REL-1');
    expect(release).toMatchObject({ status: 'done', loops: { smoke: 1, bugs: 1 } });
    // The status card was edited in place, and its last version says done.
    const updates = t.surface.sent.filter((s) => s.kind === 'update' && s.to === 'C_TEAM');
    expect(updates.at(-1)?.message.fields).toContainEqual({ label: 'Stage', value: 'Done' });
    const events = await t.store.events('REL-1');
    expect(events.filter((e) => e.what === 'refused').map((e) => e.data?.code)).toEqual([
      'self_approval',
      'not_approver',
      'already_decided',
    ]);
  });
});

describe('core: the audit trail names the request behind each entry', () => {
  it('records a typed command and a refused one under their request keys, once each, and a retry adds nothing', async () => {
    t = await createTestCore();
    await t.core.submit(
      t.as('alice', { idempotencyKey: 'req-create' }),
      { kind: 'new_release', flowId: 'normal' },
      { title: 'Search v3', system: 'search', tester: 'bob', director: 'dave' },
    );
    await t.core.command(t.as('bob', { idempotencyKey: 'req-refused' }), 'withdraw REL-1');
    await t.core.command(t.as('alice', { idempotencyKey: 'req-withdraw' }), 'withdraw REL-1');
    // The same request delivered again (a platform retry) is answered, not recorded again.
    expect(
      replyText(await t.core.command(t.as('alice', { idempotencyKey: 'req-withdraw' }), 'withdraw REL-1')),
    ).toBe('That was already handled.');
    const events = await t.store.events('REL-1');
    expect(events.map((e) => [e.what, e.request])).toEqual([
      ['create', 'req-create'],
      ['refused', 'req-refused'],
      ['withdraw', 'req-withdraw'],
    ]);
  });
});

describe('core: typed commands', () => {
  it('withdraw by the requester with /release withdraw, refused to others, and help lists it in both languages', async () => {
    t = await createTestCore();
    await t.core.submit(
      t.as('alice'),
      { kind: 'new_release', flowId: 'normal' },
      { title: 'Search v3', system: 'search', tester: 'bob', director: 'dave' },
    );
    expect(replyText(await t.core.command(t.as('bob'), 'withdraw REL-1'))).toBe(
      'Only the requester can withdraw.',
    );
    expect(replyText(await t.core.command(t.as('alice'), 'withdraw rel-1 scope moved to Q1'))).toBe(
      'Recorded: Withdraw (REL-1).',
    );
    expect(await t.store.load('REL-1')).toMatchObject({ status: 'withdrawn' });
    expect(replyText(await t.core.command(t.as('alice'), 'help'))).toContain(
      '/release withdraw REL-n [reason]',
    );
    expect(replyText(await t.core.command(t.as('alice'), 'frobnicate'))).toMatch(
      /^Unknown command "frobnicate"\./,
    );
  });
});
