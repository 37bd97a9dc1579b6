import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowError, parseFlowFile } from '../../src/flow/load.js';
import { FLOWS } from '../engine/harness.js';
import { CONFIG_ROLES } from '../support/people.js';

const normalText = readFileSync(resolve(import.meta.dirname, '../../flows/normal.yaml'), 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseFlowFile('broken.yaml', text, CONFIG_ROLES);
  } catch (err) {
    if (err instanceof FlowError) return err.problems;
    throw err;
  }
  throw new Error('the flow was accepted');
}

describe('flow files', () => {
  it('the four built-in flows load, and every stage cites a section of the process specs', () => {
    expect(FLOWS.map((f) => f.id).sort()).toEqual(['activity', 'emergency', 'enterprise', 'normal']);
    const specs = readFileSync(resolve(import.meta.dirname, '../../docs/process-specs.en.md'), 'utf8');
    for (const flow of FLOWS)
      for (const stage of flow.stages)
        for (const part of stage.source.split(/;\s*/)) {
          const section = part.match(/^([A-G])(\d)?/);
          expect(section, `${flow.id}/${stage.id}`).not.toBeNull();
          const heading = section?.[2] ? `### ${section[1]}${section[2]}.` : `## ${section?.[1]}.`;
          expect(specs.includes(heading), `${flow.id}/${stage.id} cites ${part}`).toBe(true);
        }
  });

  it('a wrong field names file, stage and field', () => {
    const text = normalText.replace('to: smoke_test\n', 'to: smoke_tst\n');
    expect(problemsOf(text)).toEqual(['stage development, field actions[0].to: no stage "smoke_tst"']);
  });

  it('a type error names the stage and the path inside it', () => {
    const text = normalText.replace(
      '{ id: remind, kind: remind, after: { workingHours: 8 }, repeat: true }',
      '{ id: remind, kind: nag, after: { workingHours: 8 } }',
    );
    const problems = problemsOf(text);
    expect(problems[0]).toMatch(/^stage development, field timers\[0\]\.kind: /);
  });

  it('an unknown role, a missing translation and bad YAML are reported', () => {
    expect(
      problemsOf(
        normalText.replace('actors: [tester]\n    notify: [tester]', 'actors: [testr]\n    notify: [tester]'),
      ),
    ).toContain(
      'stage smoke_test, field actors: unknown role "testr" (use requester, a role of a form field, or a role of the config)',
    );
    expect(
      problemsOf(
        normalText.replace('title: { zh-CN: 冒烟测试, en: Smoke test }', 'title: { en: Smoke test }'),
      )[0],
    ).toMatch(/^stage smoke_test, field title\.zh-CN: /);
    expect(problemsOf('id: [unclosed')[0]).toMatch(/^not valid YAML/);
  });

  it('refuses what the engine would refuse when it runs: a gate decided by a timer, a requester approving, a timer action needing input', () => {
    const autoApprove = normalText.replace(
      '      - { id: escalate, kind: escalate, after: { workingHours: 8 }, notify: [director] }\n  - id: launch',
      '      - { id: auto, kind: timeout, after: { workingHours: 8 }, action: approve }\n  - id: launch',
    );
    expect(problemsOf(autoApprove)).toEqual([
      'stage sign_off, field timers[1].action: no action "approve" in this stage (a timer takes an action of its stage; it cannot decide a gate)',
    ]);
    const selfApproval = normalText.replace(
      'approvers: [director, tester]',
      'approvers: [director, requester]',
    );
    expect(problemsOf(selfApproval)).toEqual([
      'stage sign_off, field gate.approvers: a requester never approves their own release (set requesterMayApprove: true, or name another role)',
    ]);
    const needsInput = normalText.replace(
      '      - { id: remind, kind: remind, after: { workingHours: 4 }, repeat: true }\n      - { id: escalate, kind: escalate, after: { workingHours: 8 }, notify: [director] }\n  - id: testing',
      '      - { id: auto_fail, kind: timeout, after: { workingHours: 4 }, action: smoke_fail }\n  - id: testing',
    );
    expect(problemsOf(needsInput)).toEqual([
      'stage smoke_test, field timers[0].action: "smoke_fail" needs input a timer cannot give (reason)',
    ]);
  });

  it('the error message names the file', () => {
    expect(() => parseFlowFile('flows/mine.yaml', 'id: x', CONFIG_ROLES)).toThrow(
      /flow file mine\.yaml is invalid/,
    );
  });
});
