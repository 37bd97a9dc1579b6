import type { Directory } from '../domain/directory.js';
import type { FieldValue, PersonId, Release } from '../domain/types.js';
import type { EngineContext } from '../engine/context.js';
import { handedSlots, newHolderRefusal } from '../engine/gate-commands.js';
import { BUILT_IN_ROLES } from '../flow/load.js';
import { roleText } from '../flow/roles.js';
import type { FlowSpec } from '../flow/schema.js';
import { say } from '../i18n/say.js';
import { type Locale, localize } from '../i18n/text.js';
import type { FieldErrors, IntentCommand } from './model.js';
import type { PresentContext } from './present/context.js';
import { refusalText } from './present/refusal.js';

/**
 * Who may be named on a release form, checked where the person typed or picked them: someone the team
 * config knows, holding the role the field fills; never the requester in a role that approves at a gate
 * of the flow (unless the flow lets requesters approve); and never one person in two roles of one gate
 * (unless the flow allows it). Errors come back per field, naming the role.
 */
export function checkNamedPeople(
  flow: FlowSpec,
  values: Record<string, FieldValue>,
  requester: PersonId,
  directory: Directory,
  locale: Locale,
): FieldErrors {
  const errors: FieldErrors = {};
  const builtIn = new Set<string>(BUILT_IN_ROLES);
  const approving = new Set(flow.stages.flatMap((s) => s.gate?.approvers ?? []));
  const named: { field: (typeof flow.form)[number]; people: PersonId[] }[] = [];
  for (const f of flow.form) {
    if ((f.type !== 'person' && f.type !== 'people') || !f.role || builtIn.has(f.role)) continue;
    const v = values[f.id];
    if (v === undefined) continue;
    const people = Array.isArray(v) ? v : [String(v)];
    const label = localize(f.label, locale);
    const error = people
      .map((p) => refusalOf(p, f.role as string, label))
      .find((e): e is string => e !== undefined);
    if (error) errors[f.id] = error;
    else named.push({ field: f, people });
  }
  if (flow.sameApproverForRoles === 'allowed') return errors;
  for (const [i, { field, people }] of named.entries()) {
    for (const earlier of named.slice(0, i)) {
      const gate = flow.stages.find(
        (s) =>
          s.gate?.approvers.includes(field.role as string) &&
          s.gate.approvers.includes(earlier.field.role as string),
      );
      const both = people.find((p) => earlier.people.includes(p));
      if (!gate || !both || errors[field.id]) continue;
      errors[field.id] = say('err_two_slots', locale, {
        who: directory.displayName(both),
        other: localize(earlier.field.label, locale),
        stage: localize(gate.title, locale),
      });
    }
  }
  return errors;

  function refusalOf(person: PersonId, role: string, label: string): string | undefined {
    const who = directory.displayName(person);
    if (!directory.get(person)) return say('err_person_unknown', locale, { who, label });
    // The role by its name, not its id: "测试人员", never "tester" in a Chinese sentence.
    const name = localize(roleText(flow, role), locale);
    if (!directory.hasRole(person, role)) return say('err_person_role', locale, { who, label, role: name });
    if (person === requester && approving.has(role) && !flow.requesterMayApprove)
      return say('err_self_named', locale, { label });
    return undefined;
  }
}

/** The field of a 转交 or 加签 form that names the new approver. */
export function holderField(command: IntentCommand): string | undefined {
  return command.type === 'delegate' ? 'to' : command.type === 'add_approver' ? 'person' : undefined;
}

/**
 * Who a 转交 (delegate) or 加签 (add approver) form names, checked by the rules of the gate's slots
 * (the engine's, so every surface and the command itself agree): the error next to the field, naming
 * the person and why, or no error.
 */
export function checkNewHolder(
  release: Release,
  command: IntentCommand,
  values: Record<string, FieldValue>,
  actor: PersonId,
  ctx: EngineContext,
  p: PresentContext,
): FieldErrors {
  const field = holderField(command);
  const person = field ? values[field] : undefined;
  if (!field || typeof person !== 'string' || !person || release.status !== 'active') return {};
  const handed = command.type === 'delegate' ? handedSlots(release, actor) : [];
  const refusal = newHolderRefusal(release, person, handed, ctx);
  return refusal ? { [field]: refusalText(refusal, p) } : {};
}
