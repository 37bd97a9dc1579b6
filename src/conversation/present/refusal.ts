import type { Refusal } from '../../domain/types.js';
import { TEXTS, type TextKey } from '../../i18n/catalog.js';
import { say, sayRefusal } from '../../i18n/say.js';
import { itemLabel } from './cards.js';
import { fieldLabel, listOf, type PresentContext, roleLabel, shortTime, stageTitle } from './context.js';

/**
 * Why a command was refused, in the reader's words: the engine names stages, statuses, fields,
 * items and roles by id; the reader gets their titles and labels, and times in the team's zone.
 */
export function refusalText(refusal: Refusal, p: PresentContext): string {
  const params: Record<string, string | number> = { ...(refusal.params ?? {}) };
  const str = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  const stage = str('stage');
  if (stage) params.stage = stageTitle(p, stage);
  const status = str('status');
  if (status && `status_${status}` in TEXTS) params.status = say(`status_${status}` as TextKey, p.locale);
  const field = str('field');
  if (field) params.field = fieldLabel(p, field);
  const item = str('item');
  if (item) params.item = itemLabel(p, item);
  const roles = str('roles');
  if (roles !== undefined)
    params.roles = listOf(
      p,
      roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
        .map((r) => roleLabel(p, r)),
    );
  const role = str('role');
  if (role) params.role = roleLabel(p, role);
  const who = str('who');
  if (who) params.who = p.directory.displayName(who);
  const until = str('until');
  if (until) params.until = shortTime(p, until);
  return sayRefusal({ code: refusal.code, params }, p.locale);
}
