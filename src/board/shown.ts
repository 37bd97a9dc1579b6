import type { PresentContext } from '../conversation/present/context.js';
import type { FieldValue, PersonId } from '../domain/types.js';
import type { FieldSpec } from '../flow/schema.js';
import { type Locale, localize, type Text, textIn } from '../i18n/text.js';
import { formatFull } from '../time/format.js';

/** A piece of a value as a page shows it: text, a link, or text kept on several lines. */
export interface Shown {
  text: string;
  href?: string;
  multiline?: boolean;
}

/** A labelled value (a form answer, an input of a step). */
export interface ShownRow {
  label: string;
  value: Shown[];
}

const t = textIn;

/** Names of the roles every flow uses, for roles no form field names. */
const ROLE_NAMES: Record<string, Text> = {
  requester: t('申请人', 'Requester'),
  director: t('技术总监', 'Technical director'),
  tester: t('测试人员', 'Tester'),
  executive: t('高管', 'Executive'),
  ops: t('运维负责人', 'Operations owner'),
  business: t('业务确认人', 'Business confirmer'),
  admin: t('管理员', 'Administrator'),
  developer: t('开发人员', 'Developer'),
  added: t('加签审批人', 'Added approver'),
};

/** A role's name: the label of the form field that fills it, else the common name, else its id. */
export function roleName(p: PresentContext, role: string): string {
  const field = p.flow.form.find((f) => f.role === role);
  if (field) return localize(field.label, p.locale).replace(/[（(]s?[)）]$/, '');
  const known = ROLE_NAMES[role];
  return known ? localize(known, p.locale) : role;
}

const isHttp = (v: string) => /^https?:\/\//i.test(v);

/** A value of a field as shown: people by name, times in the team's zone, choices by label, links as links. */
export function showValue(p: PresentContext, field: FieldSpec | undefined, value: FieldValue): Shown[] {
  const list = Array.isArray(value) ? value : [value];
  const names = (ids: readonly PersonId[]) => ids.map((id) => ({ text: p.directory.displayName(id) }));
  switch (field?.type) {
    case 'person':
    case 'people':
      return names(list.map(String));
    case 'datetime':
      return list.map((v) => ({ text: formatFull(String(v), p.config.timezone, p.locale) }));
    case 'select': {
      return list.map((v) => {
        const option = field.options?.find((o) => o.value === v);
        return { text: option ? localize(option.label, p.locale) : String(v) };
      });
    }
    case 'url':
    case 'urls':
      return list.map((v) =>
        isHttp(String(v)) ? { text: String(v), href: String(v) } : { text: String(v) },
      );
    case 'textarea':
    case 'lines':
      return list.map((v) => ({ text: String(v), multiline: true }));
    default:
      return list.map((v) => {
        const s = String(v);
        return isHttp(s) ? { text: s, href: s } : { text: s };
      });
  }
}

/** Values under the labels of their fields, in the fields' order; values no field describes come last by id. */
export function showValues(
  p: PresentContext,
  fields: readonly FieldSpec[],
  values: Record<string, unknown>,
): ShownRow[] {
  const rows: ShownRow[] = [];
  const empty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  for (const f of fields) {
    const v = values[f.id];
    if (empty(v) || !isFieldValue(v)) continue;
    rows.push({ label: localize(f.label, p.locale), value: showValue(p, f, v) });
  }
  for (const [id, v] of Object.entries(values)) {
    if (fields.some((f) => f.id === id) || empty(v) || !isFieldValue(v)) continue;
    rows.push({ label: id, value: showValue(p, undefined, v) });
  }
  return rows;
}

function isFieldValue(v: unknown): v is FieldValue {
  return (
    typeof v === 'string' ||
    typeof v === 'number' ||
    (Array.isArray(v) && v.every((x) => typeof x === 'string'))
  );
}

/** The inputs an action of the flow asks for (its fields), or none. */
export function actionInputs(p: PresentContext, actionId: string): FieldSpec[] {
  for (const s of p.flow.stages) {
    const a = s.actions.find((x) => x.id === actionId);
    if (a) return a.input;
  }
  return [];
}

/** The language-specific name of the team a release belongs to. */
export function teamName(p: PresentContext, teamId: string | undefined): string | undefined {
  const team = teamId ? p.config.teams.find((x) => x.id === teamId) : undefined;
  return team ? localize(team.name, p.locale) : teamId;
}

export const localeText = (text: Text, locale: Locale) => localize(text, locale);
