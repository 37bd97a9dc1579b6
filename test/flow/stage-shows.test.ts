import { describe, expect, it } from 'vitest';
import { actionCard } from '../../src/conversation/present/cards.js';
import type { PresentContext } from '../../src/conversation/present/context.js';
import { createDirectory } from '../../src/domain/directory.js';
import type { FieldValue, Release } from '../../src/domain/types.js';
import type { FieldSpec, FlowSpec } from '../../src/flow/schema.js';
import type { Locale } from '../../src/i18n/text.js';
import { EngineHarness, FLOWS, flow } from '../engine/harness.js';
import { testConfig } from '../support/people.js';

/**
 * What the people acting in each stage need to see to decide (process-specs A1–A3, B), by the English
 * label their card shows. Every stage with buttons is listed, so a new stage must say what it shows.
 */
const NEEDS: Record<string, Record<string, string[]>> = {
  normal: {
    development: ['Repository tag', 'Why it failed', 'Loops'],
    smoke_test: ['Build or version', 'Repository tag'],
    testing: ['Build or version', 'Repository tag', 'What was fixed', 'Loops'],
    fixing: ['Number of bugs', 'Loops'],
    test_report: ['Build or version', 'Repository tag', 'Loops'],
    launch_application: ['Build or version', 'Summary', 'Open bugs'],
    sign_off: ['Build or version', 'Repository tag', 'Launch notes', 'Summary', 'Open bugs', 'Loops'],
    launch: ['Build or version', 'Repository tag', 'Launch notes'],
    production_verification: ['Build or version', 'Repository tag', 'Launch notes', 'What was fixed'],
    production_fix: ['The problem', 'Loops'],
  },
  activity: {
    development: ['Version', 'Loops'],
    testing: ['Version', 'Loops'],
    fixing: ['Loops'],
    test_report: ['Version', 'Loops'],
    launch_application: ['Version', 'Summary'],
    sign_off: ['Version', 'Summary', 'Loops'],
    launch: ['Version'],
    production_verification: ['Version', 'Loops'],
    production_fix: ['The problem', 'Loops'],
    campaign_running: ['Version'],
  },
  emergency: {
    emergency_approval: ['Reason for the emergency', 'Justification', 'Version', 'Technical director'],
    testing: ['Reason for the emergency', 'Justification', 'Version'],
    executive_decision: ['Reason for the emergency', 'Justification', 'Problems', 'Loops'],
    fixing: ['Problems', 'Known issues'],
    emergency_test_report: ['Version', 'Problems', 'Known issues'],
    sign_off: ['Reason for the emergency', 'Justification', 'Version', 'Summary', 'Known issues', 'Loops'],
    launch: ['Version', 'Known issues'],
    production_verification: ['Version', 'Known issues'],
    production_fix: ['The problem', 'Loops'],
  },
  enterprise: {
    planning: ['Release object', 'Release method', 'Version'],
    preparation: ['Release object', 'Release method', 'Version', 'Risk assessment'],
    approval: ['Release object', 'Release method', 'Version', 'Risk assessment', 'Observation period'],
    implementation: ['Release object', 'Version', 'Risk assessment'],
    launch_report: ['Release object', 'Version'],
    observation: ['Release object', 'Observation period', 'The problem'],
    observation_fix: ['The problem', 'Loops'],
    handover: ['Release object', 'Observation period', 'The problem'],
  },
};

/** A plausible answer for a field, so every answer and record of a flow is filled. */
function answer(f: FieldSpec): FieldValue {
  switch (f.type) {
    case 'number':
      return f.min ?? 1;
    case 'select':
      return f.options?.[0]?.value ?? 'x';
    case 'person':
      return f.role === 'director' ? 'dave' : f.role === 'ops' ? 'oscar' : 'bella';
    case 'people':
      return ['bob'];
    case 'datetime':
      return '2026-11-27T10:00:00+08:00';
    case 'url':
      return 'https://example.com/x';
    case 'urls':
      return ['https://example.com/y'];
    case 'lines':
      return [`${f.id} one`];
    default:
      return `${f.id} text`;
  }
}

/** The flow's release with every form answer and every record filled, standing in `stage`. */
function filled(spec: FlowSpec, base: Release, stage: string): Release {
  const records: Release['records'] = {};
  for (const a of spec.stages.flatMap((s) => s.actions))
    if (a.record)
      records[a.record] = [
        {
          by: 'bob',
          at: '2026-11-24T02:00:00Z',
          values: Object.fromEntries(a.input.map((f) => [f.id, answer(f)])),
        },
      ];
  const fields = Object.fromEntries(spec.form.map((f) => [f.id, answer(f)]));
  return { ...base, fields, records, loops: { smoke: 1, bugs: 1, production: 1 }, stage, status: 'active' };
}

function present(spec: FlowSpec, locale: Locale = 'en'): PresentContext {
  const config = testConfig();
  return { flow: spec, config, directory: createDirectory(config.people), locale, now: new Date() };
}

const labels = (r: Release, p: PresentContext) => actionCard(r, 'bob', p).fields.map((f) => f.label);

describe('each action card shows what its stage decides on', () => {
  for (const spec of FLOWS)
    it(`${spec.id}: every stage with buttons shows the answers its spec needs`, () => {
      const needs = NEEDS[spec.id];
      expect(needs, `no needs written down for flow ${spec.id}`).toBeDefined();
      const acting = spec.stages.filter((s) => s.actions.length || s.gate).map((s) => s.id);
      expect(Object.keys(needs ?? {}).sort()).toEqual([...acting].sort());
      const base = new EngineHarness(spec.id, filled(spec, {} as Release, spec.start).fields).release;
      for (const stage of acting) {
        const shown = labels(filled(spec, base, stage), present(spec));
        for (const label of needs?.[stage] ?? [])
          expect(
            shown.some((l) => l.startsWith(label)),
            `${spec.id} ${stage} lacks "${label}": ${shown}`,
          ).toBe(true);
        // The planned window is on every card, in the release's own row.
        if (base.window?.start) expect(shown, `${spec.id} ${stage}`).toContain('Window');
      }
    });

  it('normal: the build given at "Submit for test" reaches the smoke test, the sign-off and the launch', () => {
    const h = new EngineHarness('normal', {
      title: 'Checkout v2',
      system: 'shop',
      tester: ['bob'],
      director: 'dave',
      repo_tag: 'v2.4.0',
    });
    h.act('alice', 'submit_for_test', { build: 'build 1187' });
    const p = present(flow('normal'), 'zh-CN');
    const smoke = actionCard(h.release, 'bob', p).fields;
    expect(smoke).toContainEqual({ label: '版本/构建号', value: 'build 1187' });
    expect(smoke).toContainEqual({ label: '代码仓库标签', value: 'v2.4.0' });
    h.act('bob', 'smoke_pass');
    h.act('bob', 'tests_passed');
    h.act('bob', 'file_test_report', { report: 'https://wiki/r', summary: '全部通过', open_bugs: 0 });
    h.act('alice', 'apply_for_launch', { plan: '先灰度 10%' });
    const sign = actionCard(h.release, 'dave', p).fields;
    for (const [label, value] of [
      ['版本/构建号', 'build 1187'],
      ['结论摘要', '全部通过'],
      ['遗留缺陷数', '0'],
      ['上线说明', '先灰度 10%'],
    ])
      expect(sign).toContainEqual({ label, value });
  });
});
