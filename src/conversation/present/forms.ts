import type { Release } from '../../domain/types.js';
import type { FieldSpec, FlowSpec } from '../../flow/schema.js';
import { TEXTS } from '../../i18n/catalog.js';
import { say } from '../../i18n/say.js';
import { type Locale, localize } from '../../i18n/text.js';
import type { ButtonIntent, Form, FormField } from '../model.js';
import { type PresentContext, stageTitle } from './context.js';

function toFormField(f: FieldSpec, locale: Locale): FormField {
  return {
    id: f.id,
    type: f.type,
    label: localize(f.label, locale),
    ...(f.hint ? { hint: localize(f.hint, locale) } : {}),
    required: f.required,
    ...(f.options
      ? { options: f.options.map((o) => ({ value: o.value, label: localize(o.label, locale) })) }
      : {}),
    ...(f.maxLength ? { maxLength: f.maxLength } : {}),
    ...(f.default !== undefined ? { initial: f.default } : {}),
  };
}

/** The flow choice that opens `/release new`. */
export const FLOW_CHOICE_FIELD = 'flow';

export function flowChoiceSpec(flows: readonly FlowSpec[]): FieldSpec {
  return {
    id: FLOW_CHOICE_FIELD,
    type: 'select',
    required: true,
    label: TEXTS.field_flow,
    options: flows.map((f) => ({ value: f.id, label: f.title })),
  };
}

/** `/release new`: first the flow choice, then (with a flow) that flow's own fields. */
export function newReleaseForm(flows: readonly FlowSpec[], flowId: string | undefined, locale: Locale): Form {
  const flow = flowId ? flows.find((f) => f.id === flowId) : undefined;
  if (!flow)
    return {
      title: say('new_release_title', locale),
      submitLabel: say('new_release_next', locale),
      fields: [toFormField(flowChoiceSpec(flows), locale)],
      context: { kind: 'new_release' },
    };
  return {
    title: fitTitle([
      `${say('new_release_title', locale)} · ${localize(flow.title, locale)}`,
      localize(flow.title, locale),
      say('new_release_title', locale),
    ]),
    submitLabel: say('new_release_submit', locale),
    fields: flow.form.map((f) => toFormField(f, locale)),
    context: { kind: 'new_release', flowId: flow.id },
  };
}

/** Slack cuts a modal title at 24 characters; the first candidate that fits is shown whole. */
export const FORM_TITLE_MAX = 24;
function fitTitle(candidates: readonly string[]): string {
  const fits = candidates.find((c) => [...c].length <= FORM_TITLE_MAX);
  return fits ?? [...(candidates.at(-1) ?? '')].slice(0, FORM_TITLE_MAX).join('');
}

const reason = (required: boolean): FieldSpec => ({
  id: 'reason',
  type: 'textarea',
  required,
  maxLength: 2000,
  label: TEXTS.field_reason,
});

/** The fields a button asks for before its command can run (reject reason, action input, whom to delegate to, …). */
export function intentFields(release: Release, flow: FlowSpec, intent: ButtonIntent): FieldSpec[] {
  const c = intent.command;
  switch (c.type) {
    case 'act':
      return (
        flow.stages.find((s) => s.id === release.stage)?.actions.find((a) => a.id === c.action)?.input ?? []
      );
    case 'reject':
      return [reason(true)];
    case 'withdraw':
    case 'cancel':
      return [reason(false)];
    case 'delegate':
      return [{ id: 'to', type: 'person', role: 'delegate', required: true, label: TEXTS.field_delegate_to }];
    case 'add_approver':
      return [{ id: 'person', type: 'person', role: 'approver', required: true, label: TEXTS.field_person }];
    case 'send_back': {
      const here = flow.stages.findIndex((s) => s.id === release.stage);
      const earlier = flow.stages.slice(0, Math.max(here, 0)).filter((s) => !s.terminal);
      return [
        {
          id: 'to',
          type: 'select',
          required: true,
          label: TEXTS.field_send_back_to,
          options: earlier.map((s) => ({ value: s.id, label: s.title })),
        },
        reason(true),
      ];
    }
    case 'approve':
      return [
        { id: 'comment', type: 'textarea', required: false, maxLength: 2000, label: TEXTS.field_comment },
      ];
    case 'tick':
      return [];
  }
}

export function intentForm(release: Release, intent: ButtonIntent, p: PresentContext): Form {
  const fields = intentFields(release, p.flow, intent).map((f) => toFormField(f, p.locale));
  const c = intent.command;
  const what =
    c.type === 'act'
      ? localize(
          p.flow.stages.find((s) => s.id === release.stage)?.actions.find((a) => a.id === c.action)?.label ??
            TEXTS.submit,
          p.locale,
        )
      : say(c.type === 'tick' ? 'submit' : c.type, p.locale);
  return {
    title: fitTitle([`${release.id} · ${what}`, what, release.id]),
    submitLabel: what,
    fields,
    context: { kind: 'command', intent },
  };
}

export { stageTitle };
