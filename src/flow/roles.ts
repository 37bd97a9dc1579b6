import { TEXTS } from '../i18n/catalog.js';
import type { Text } from '../i18n/text.js';
import type { FlowSpec } from './schema.js';

/**
 * A role's name in both languages: the label of the flow's form field that fills it (so a team's own
 * role reads as its form calls it), else the catalog's name for a well-known role, else the id.
 */
export function roleText(flow: FlowSpec, role: string): Text {
  const field = flow.form.find((f) => f.role === role);
  if (field) return field.label;
  const key = `role_${role}`;
  if (key in TEXTS) return TEXTS[key as keyof typeof TEXTS];
  return { 'zh-CN': role, en: role };
}
