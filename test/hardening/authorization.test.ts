import { afterEach, describe, expect, it } from 'vitest';
import { refusalText } from '../../src/conversation/present/refusal.js';
import { createDirectory } from '../../src/domain/directory.js';
import type { Command, FieldValue, Refusal, Release } from '../../src/domain/types.js';
import { computeAwaiting, enterStage } from '../../src/engine/stage.js';
import type { StageSpec } from '../../src/flow/schema.js';
import type { Locale } from '../../src/i18n/text.js';
import { EngineHarness, FLOWS, NORMAL_FORM } from '../engine/harness.js';
import { act, FeishuScenario, TEAM_CHAT } from '../feishu/support/scenario.js';
import { type SlackBot, startSlackBot } from '../slack/harness.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';
import { holders, mayGive, REQUESTER, type Rules, sampleValue, seats } from './authz-rules.js';

/**
 * The cast plus a second executive, a second holder of the director, ops and business roles (so every
 * seat can be handed to someone holding its role), and someone the config does not know at all.
 */
const base = testConfig();
const CONFIG = testConfig({
  people: [
    ...base.people,
    { id: 'frank', name: 'Frank', roles: ['executive'], slack: 'U_FRANK', feishu: 'ou_frank' },
    { id: 'dora', name: 'Dora', roles: ['director', 'ops', 'business'], slack: 'U_DORA', feishu: 'ou_dora' },
  ],
});
const ACTORS = [...CONFIG.people.map((p) => p.id), 'slack:U_NOBODY'];

const FORMS: Record<string, Record<string, FieldValue>> = {
  normal: NORMAL_FORM,
  emergency: {
    title: 'Hotfix',
    system: 'pay',
    reason_category: 'severe_bug',
    justification: 'double charges',
    tester: ['bob'],
    director: 'dave',
  },
  activity: {
    title: 'Singles Day',
    system: 'shop',
    tester: ['bob'],
    director: 'dave',
    window_start: '2026-11-27T10:00:00+08:00',
    window_end: '2026-11-30T10:00:00+08:00',
  },
  enterprise: {
    title: 'ERP upgrade',
    system: 'erp',
    release_object: 'upgrade',
    method: 'planned',
    window_start: '2026-11-27T22:00:00+08:00',
    window_end: '2026-11-28T02:00:00+08:00',
    tester: ['bob'],
    ops: 'oscar',
    director: 'dave',
    business: 'bella',
  },
};

/** Who the actor is to this command, for the report: the kinds of actor issue 6 names. */
function kindOf(r: Rules, stage: StageSpec, person: string, command: Command): string {
  if (person === REQUESTER) return 'requester';
  const roles = [
    ...(command.type === 'act' ? (stage.actions.find((a) => a.id === command.action)?.by ?? []) : []),
    ...(stage.gate?.approvers ?? []),
    ...(command.type === 'tick' ? (stage.checklist?.items.map((i) => i.owner) ?? []) : []),
  ];
  if (roles.some((role) => holders(role, r.flow, r.form, r.config).includes(person))) return 'named';
  if (r.config.people.find((p) => p.id === person)?.roles.includes('executive')) return 'executive';
  const namedOnRelease = r.flow.form.some(
    (f) => f.role && holders(f.role, r.flow, r.form, r.config).includes(person),
  );
  const configuredApprover = r.config.people.find((p) => p.id === person)?.roles.length;
  return namedOnRelease || configuredApprover ? 'other approver' : 'stranger';
}

/** Every command worth trying at a stage: its actions, gate decisions, items, and the lifecycle ones. */
function commandsAt(stage: StageSpec, flowStart: string, input: (a: string) => Record<string, unknown>) {
  const cmds: Command[] = stage.actions.map((a) => ({ type: 'act', action: a.id, input: input(a.id) }));
  cmds.push(
    { type: 'approve' },
    { type: 'reject', reason: 'not ready' },
    { type: 'delegate', to: 'carol' },
    { type: 'add_approver', person: 'carol' },
    ...(stage.checklist?.items ?? []).map((i): Command => ({ type: 'tick', item: i.id })),
    { type: 'withdraw', reason: 'no longer needed' },
    { type: 'cancel', reason: 'dropped' },
    { type: 'send_back', to: flowStart, reason: 'start over' },
  );
  return cmds;
}

/**
 * A release of the flow standing freshly in `stage` (set up by entering the stage directly, so every
 * stage is reached the same way); with `checklistDone`, its checklist is complete so that actions
 * guarded by the checklist are judged on who gives them.
 */
function standingAt(flowId: string, stage: StageSpec, launched: boolean, checklistDone: boolean) {
  const h = new EngineHarness(flowId, FORMS[flowId]!, { config: CONFIG, requester: REQUESTER });
  let release: Release = enterStage(h.release, stage.id, h.ctx());
  if (launched) release = { ...release, launchedAt: h.now.toISOString() };
  if (checklistDone && stage.checklist)
    release = {
      ...release,
      checklist: Object.fromEntries(stage.checklist.items.map((i) => [i.id, { by: 'setup', at: 'x' }])),
    };
  h.release = { ...release, awaiting: computeAwaiting(release, h.ctx()) };
  return h;
}

interface Row {
  flow: string;
  stage: string;
  command: string;
  actor: string;
  kind: string;
  expected: boolean;
  got: boolean;
  code?: string;
}

function matrix(): Row[] {
  const rows: Row[] = [];
  for (const flow of FLOWS) {
    const rules: Rules = { flow, form: FORMS[flow.id]!, config: CONFIG };
    const launchIndex = flow.stages.findIndex((s) => s.actions.some((a) => a.launch));
    flow.stages.forEach((stage, index) => {
      if (stage.terminal) return;
      const launched = index > launchIndex && launchIndex >= 0;
      const input = (actionId: string) =>
        Object.fromEntries(
          (stage.actions.find((a) => a.id === actionId)?.input ?? []).map((f) => [f.id, sampleValue(f)]),
        );
      for (const command of commandsAt(stage, flow.start, input)) {
        for (const actor of ACTORS) {
          const h = standingAt(flow.id, stage, launched, command.type === 'act');
          const before = h.release;
          const result = h.give(actor, command);
          // A refusal leaves the release exactly as it was.
          if (!result.ok) expect(h.release).toBe(before);
          rows.push({
            flow: flow.id,
            stage: stage.id,
            command: command.type === 'act' ? `act:${command.action}` : command.type,
            actor,
            kind: kindOf(rules, stage, actor, command),
            expected: mayGive(rules, { stage, launched }, actor, command),
            got: result.ok,
            ...(result.ok ? {} : { code: result.refusal.code }),
          });
        }
      }
    });
  }
  return rows;
}

describe('authorization matrix: every command of every flow × every kind of actor (engine)', () => {
  const rows = matrix();

  it('judges every cell as the flow rules say', () => {
    const wrong = rows.filter((r) => r.expected !== r.got);
    expect(wrong.map((r) => `${r.flow}/${r.stage} ${r.command} by ${r.actor} (${r.kind})`)).toEqual([]);
  });

  it('covers every flow, stage, action and kind of actor, with both verdicts', () => {
    for (const flow of FLOWS)
      for (const stage of flow.stages.filter((s) => !s.terminal))
        for (const action of stage.actions)
          expect(rows.some((r) => r.flow === flow.id && r.command === `act:${action.id}` && r.got)).toBe(
            true,
          );
    const kinds = new Set(rows.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['executive', 'named', 'other approver', 'requester', 'stranger']);
    for (const kind of kinds) {
      expect(rows.some((r) => r.kind === kind && !r.got)).toBe(true);
    }
    expect(rows.length).toBeGreaterThan(1000);
  });

  it('refuses strangers, unknown users and the requester at every gate with the reason a user reads', () => {
    const gateRows = rows.filter((r) => r.command === 'approve' && !r.expected);
    expect(new Set(gateRows.filter((r) => r.actor === REQUESTER).map((r) => r.code))).toEqual(
      new Set(['self_approval', 'invalid_in_stage']),
    );
    expect(gateRows.filter((r) => r.actor === 'mallory').every((r) => r.code !== undefined)).toBe(true);
  });
});

describe('authorization: the delegated person (转交) decides, the one who delegated no longer can', () => {
  for (const flow of FLOWS) {
    for (const stage of flow.stages.filter((s) => s.gate && !s.gate.executiveOnly)) {
      const rules: Rules = { flow, form: FORMS[flow.id]!, config: CONFIG };
      const gate = stage.gate!;
      const first = seats(rules, gate).filter((s) => s.step === 0);
      for (const { person } of first) {
        // Someone else holding the role of the seat handed over: carol for a tester, dora otherwise.
        const to = holders('tester', flow, FORMS[flow.id]!, CONFIG).includes(person) ? 'carol' : 'dora';
        it(`${flow.id}/${stage.id}: ${person} delegates to ${to}`, () => {
          const h = standingAt(flow.id, stage, false, false);
          h.ok(person, { type: 'delegate', to });
          const delegated = h.release;
          expect(h.give(person, { type: 'approve' })).toMatchObject({
            ok: false,
            refusal: { code: 'not_approver' },
          });
          expect(h.release).toBe(delegated);
          expect(h.give(to, { type: 'approve' }).ok).toBe(true);
          expect(h.release.gate?.slots.find((s) => s.person === to)).toMatchObject({
            decision: 'approved',
            delegatedFrom: person,
          });
        });
      }
    }
  }
});

/* ------------------------------------------------------------------------------------------------ */
/* The same rules through both platforms' real endpoints: signed Slack clicks, encrypted Feishu ones. */

const HTTP_CAST = ['alice', 'bob', 'carol', 'dave', 'erin', 'mallory', 'nobody'];
const httpRules = (flowId: string): Rules => ({
  flow: FLOWS.find((f) => f.id === flowId)!,
  form: FORMS[flowId]!,
  config: testConfig(),
});
const personOf = (who: string) => (who === 'nobody' ? 'slack:U_NOBODY' : who);

/** The refusal a user should read when the rule table says no. */
function expectedRefusal(flowId: string, stageId: string, who: string, command: Command): Refusal {
  const stage = httpRules(flowId).flow.stages.find((s) => s.id === stageId)!;
  if (command.type === 'act')
    return {
      code: 'not_your_action',
      params: { roles: stage.actions.find((a) => a.id === command.action)!.by.join(', ') },
    };
  if (who === REQUESTER) return { code: 'self_approval' };
  const executive = testConfig().people.some((p) => p.id === who && p.roles.includes('executive'));
  if (stage.gate?.executiveOnly && !executive) return { code: 'not_executive' };
  return { code: 'not_approver' };
}

/** The refusal as its reader is told it: role and stage names in their language. */
function refusalFor(flowId: string, refusal: Refusal, locale: Locale): string {
  const config = testConfig();
  const flow = httpRules(flowId).flow;
  return refusalText(refusal, {
    flow,
    config,
    directory: createDirectory(config.people),
    locale,
    now: new Date(),
  });
}

/** What must not move when a click is refused (refusals are audited, so only the trail grows). */
const visible = (r: Release | null) =>
  r && { stage: r.stage, gate: r.gate, awaiting: r.awaiting, status: r.status };

const CASES = [
  {
    flowId: 'normal',
    stageId: 'smoke_test',
    owner: 'bob',
    command: { type: 'act', action: 'smoke_pass' } as Command,
  },
  {
    flowId: 'emergency',
    stageId: 'emergency_approval',
    owner: 'erin',
    command: { type: 'approve' } as Command,
  },
];

async function createOn(t: TestCore, flowId: string, ids: (p: string) => string, channel: string) {
  const ctx = { platform: t.as('alice').platform, userId: ids('alice'), channel };
  const values = { ...FORMS[flowId]!, tester: [ids('bob')], director: ids('dave') };
  const made = await t.core.submit(ctx, { kind: 'new_release', flowId }, values);
  if (!made.ok) throw new Error(`form refused: ${JSON.stringify(made.errors)}`);
  await t.core.flush();
}

const matches = (command: Command) => (intent: { command: { type: string; action?: string } }) =>
  intent.command.type === command.type &&
  (command.type !== 'act' || intent.command.action === command.action);

describe('authorization through Slack: signed clicks on someone else’s button', () => {
  let t: TestCore | undefined;
  let bot: SlackBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await t?.stop();
  });

  for (const c of CASES) {
    it(`${c.flowId}/${c.stageId}: each kind of actor clicks ${c.owner}'s ${c.command.type}`, async () => {
      t = await createTestCore({ platform: 'slack', attachSurface: false });
      bot = await startSlackBot(t.core);
      const slack = new SlackDriver(bot, () => t!.core.flush());
      const uid = (p: string) => `U_${p.toUpperCase()}`;
      await createOn(t, c.flowId, uid, 'C_RELEASES');
      if (c.stageId === 'smoke_test')
        await slack.press(
          'U_ALICE',
          (b) => matches({ type: 'act', action: 'submit_for_test' })(b.intent),
          {},
        );
      const button = slack.screen.button(uid(c.owner), (b) => matches(c.command)(b.intent))!;
      expect(button).toBeDefined();
      const rules = httpRules(c.flowId);
      const stage = rules.flow.stages.find((s) => s.id === c.stageId)!;
      const refused = HTTP_CAST.filter(
        (who) => !mayGive(rules, { stage, launched: false }, personOf(who), c.command),
      );
      expect(refused).toEqual(HTTP_CAST.filter((who) => who !== c.owner));
      for (const who of refused) {
        const before = visible(await t.store.load('REL-1'));
        const chats = bot.fake.calls.filter((x) => x.method.startsWith('chat.')).length;
        const { answer } = await slack.click(uid(who), button);
        expect(answer, who).toContain(
          refusalFor(c.flowId, expectedRefusal(c.flowId, c.stageId, who, c.command), 'en'),
        );
        expect(visible(await t.store.load('REL-1')), who).toEqual(before);
        expect(bot.fake.calls.filter((x) => x.method.startsWith('chat.')).length, who).toBe(chats);
      }
      // The one the rules allow still can.
      await slack.click(uid(c.owner), button);
      expect((await t.store.load('REL-1'))?.stage).not.toBe(c.stageId);
    });
  }
});

describe('authorization through Feishu: encrypted, signed card callbacks on someone else’s button', () => {
  let s: FeishuScenario | undefined;
  afterEach(() => s?.stop());

  for (const c of CASES) {
    it(`${c.flowId}/${c.stageId}: each kind of actor clicks ${c.owner}'s ${c.command.type}`, async () => {
      s = await FeishuScenario.start();
      await createOn(s.t, c.flowId, (p) => `ou_${p}`, TEAM_CHAT);
      await s.settle();
      if (c.stageId === 'smoke_test') await s.press('alice', act('submit_for_test'), {});
      const { message, button } = s.dmButton(c.owner, matches(c.command));
      const rules = httpRules(c.flowId);
      const stage = rules.flow.stages.find((x) => x.id === c.stageId)!;
      const refused = HTTP_CAST.filter(
        (who) => !mayGive(rules, { stage, launched: false }, personOf(who), c.command),
      );
      expect(refused).toEqual(HTTP_CAST.filter((who) => who !== c.owner));
      for (const who of refused) {
        const before = visible(await s.t.store.load('REL-1'));
        const calls = s.api.apiCalls().length;
        const { answer, status } = await s.click(who, message, button);
        expect(status).toBe(200);
        expect(answer.toast, who).toEqual({
          type: 'warning',
          content: refusalFor(c.flowId, expectedRefusal(c.flowId, c.stageId, who, c.command), 'zh-CN'),
        });
        expect(visible(await s.t.store.load('REL-1')), who).toEqual(before);
        expect(s.api.apiCalls().length, who).toBe(calls);
      }
      await s.click(c.owner, message, button);
      expect((await s.t.store.load('REL-1'))?.stage).not.toBe(c.stageId);
    });
  }
});
