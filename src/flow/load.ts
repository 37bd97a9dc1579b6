import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type FlowSpec, flowSchema } from './schema.js';

/** A flow file that cannot be used; the message names file, stage and field. */
export class FlowError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`flow file ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FlowError';
  }
}

/** Roles every flow may use without defining them. */
export const BUILT_IN_ROLES = ['requester'] as const;

/** Loads and checks every `*.yaml` flow in a folder; throws FlowError on the first broken file. */
export function loadFlowsFromDir(dir: string, configRoles: readonly string[]): FlowSpec[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const flows = files.map((f) =>
    parseFlowFile(join(dir, f), readFileSync(join(dir, f), 'utf8'), configRoles),
  );
  const seen = new Set<string>();
  for (const [i, flow] of flows.entries()) {
    if (seen.has(flow.id))
      throw new FlowError(files[i] ?? '?', [`flow id "${flow.id}" is used by two files`]);
    seen.add(flow.id);
  }
  return flows.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Parses one flow file's text; `file` is used in messages only. */
export function parseFlowFile(file: string, text: string, configRoles: readonly string[]): FlowSpec {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new FlowError(basename(file), [`not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  const parsed = flowSchema.safeParse(raw);
  if (!parsed.success)
    throw new FlowError(
      basename(file),
      parsed.error.issues.map((i) => describeIssue(raw, i)),
    );
  const problems = checkFlowReferences(parsed.data, configRoles);
  if (problems.length) throw new FlowError(basename(file), problems);
  return parsed.data;
}

/** Turns a zod issue path into "stage smoke_test, field actions[0].to: …". */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const path = [...issue.path];
  let where = '';
  if (path[0] === 'stages' && typeof path[1] === 'number') {
    const stages = (raw as { stages?: { id?: unknown }[] }).stages;
    const stageId = stages?.[path[1]]?.id;
    where = `stage ${typeof stageId === 'string' ? stageId : `#${path[1] + 1}`}, `;
    path.splice(0, 2);
  }
  const field = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
  return `${where}field ${field || '(top level)'}: ${issue.message}`;
}

/** Checks what the schema alone cannot: that every named stage, action and role exists. */
export function checkFlowReferences(flow: FlowSpec, configRoles: readonly string[]): string[] {
  const problems: string[] = [];
  const stageIds = new Set(flow.stages.map((s) => s.id));
  const roles = new Set<string>([...BUILT_IN_ROLES, ...configRoles]);
  for (const f of flow.form) if (f.role) roles.add(f.role);
  for (const [i, f] of flow.form.entries())
    if (f.role === 'requester')
      problems.push(`field form[${i}].role: the requester is who starts the release, not a role to name`);
  if (!stageIds.has(flow.start)) problems.push(`field start: no stage "${flow.start}"`);
  if (stageIds.size !== flow.stages.length) problems.push('field stages: two stages share an id');
  const checkRoles = (where: string, list: readonly string[]) => {
    for (const r of list)
      if (!roles.has(r))
        problems.push(
          `${where}: unknown role "${r}" (use requester, a role of a form field, or a role of the config)`,
        );
  };
  for (const s of flow.stages) {
    const at = `stage ${s.id}`;
    checkRoles(`${at}, field actors`, s.actors);
    checkRoles(`${at}, field notify`, s.notify);
    const actionIds = new Set(s.actions.map((a) => a.id));
    if (actionIds.size !== s.actions.length) problems.push(`${at}, field actions: two actions share an id`);
    for (const [i, a] of s.actions.entries()) {
      checkRoles(`${at}, field actions[${i}].by`, a.by);
      if (a.to && !stageIds.has(a.to)) problems.push(`${at}, field actions[${i}].to: no stage "${a.to}"`);
      if (a.failedTo && !stageIds.has(a.failedTo))
        problems.push(`${at}, field actions[${i}].failedTo: no stage "${a.failedTo}"`);
      if ((a.failedTo || a.pipelineOnly) && !a.launch)
        problems.push(`${at}, field actions[${i}]: failedTo and pipelineOnly are for the launch action`);
      if (a.requiresChecklist && !s.checklist)
        problems.push(`${at}, field actions[${i}].requiresChecklist: the stage has no checklist`);
    }
    if (s.gate) {
      checkRoles(`${at}, field gate.approvers`, s.gate.approvers);
      for (const k of ['onApprove', 'onReject'] as const)
        if (!stageIds.has(s.gate[k])) problems.push(`${at}, field gate.${k}: no stage "${s.gate[k]}"`);
    }
    for (const [i, item] of (s.checklist?.items ?? []).entries())
      checkRoles(`${at}, field checklist.items[${i}].owner`, [item.owner]);
    if (s.gate?.approvers.includes('requester') && !flow.requesterMayApprove)
      problems.push(
        `${at}, field gate.approvers: a requester never approves their own release (set requesterMayApprove: true, or name another role)`,
      );
    for (const [i, t] of s.timers.entries()) {
      if (t.notify) checkRoles(`${at}, field timers[${i}].notify`, t.notify);
      // The engine takes a timer's action as a stage action by the system: a gate decision is no action.
      const action = s.actions.find((a) => a.id === t.action);
      if (t.action && !action)
        problems.push(
          `${at}, field timers[${i}].action: no action "${t.action}" in this stage${s.gate ? ' (a timer takes an action of its stage; it cannot decide a gate)' : ''}`,
        );
      const needs = action?.input.filter((f) => f.required).map((f) => f.id) ?? [];
      if (needs.length)
        problems.push(
          `${at}, field timers[${i}].action: "${t.action}" needs input a timer cannot give (${needs.join(', ')})`,
        );
      const fieldOf = (id: string | undefined, type: string, key: string) => {
        if (!id) return;
        const f = flow.form.find((ff) => ff.id === id);
        if (!f) problems.push(`${at}, field timers[${i}].after.${key}: no form field "${id}"`);
        else if (f.type !== type)
          problems.push(
            `${at}, field timers[${i}].after.${key}: form field "${id}" is a ${f.type}, not a ${type}`,
          );
      };
      fieldOf(t.after.daysField, 'number', 'daysField');
      fieldOf(t.after.atField, 'datetime', 'atField');
    }
    if (s.terminal && (s.actions.length || s.gate))
      problems.push(`${at}: a terminal stage has no actions or gate`);
    if (!s.terminal && !s.actions.length && !s.gate)
      problems.push(`${at}: a stage needs actions, a gate, or terminal`);
  }
  if (!flow.stages.some((s) => s.terminal === 'done'))
    problems.push('field stages: no stage with terminal: done');
  return problems;
}
