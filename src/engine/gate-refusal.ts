import type { Refusal } from '../domain/types.js';
import { roleText } from '../flow/roles.js';
import type { StageSpec } from '../flow/schema.js';
import { TEXTS } from '../i18n/catalog.js';
import { LOCALES, localize, type Text } from '../i18n/text.js';
import type { EngineContext } from './context.js';
import type { MissingRole, MissingWhy } from './gate-plan.js';

const DETAIL: Record<MissingWhy, Text> = {
  no_holder: TEXTS.gate_no_holder,
  requester_refused: TEXTS.gate_requester_refused,
  only_requester: TEXTS.gate_only_requester,
  no_deputy: TEXTS.gate_no_deputy,
  taken: TEXTS.gate_taken,
  too_few: TEXTS.gate_too_few,
};

/**
 * The params of a `no_eligible_approver` refusal: the stage, what is missing and who can fix it, in
 * both languages (the refusal is rendered for whoever reads it); `field` names the form field that
 * fills the role, so a form can show the error next to it.
 */
export function unpassableGate(
  stage: StageSpec,
  missing: MissingRole,
  ctx: Pick<EngineContext, 'flow' | 'directory'>,
): Refusal['params'] {
  const admins = ctx.directory.withRole('admin').map((p) => ctx.directory.displayName(p));
  const params: Record<string, string | number> = {};
  for (const locale of LOCALES) {
    const role = missing.role
      .split(', ')
      .map((r) => localize(roleText(ctx.flow, r), locale))
      .join(locale === 'zh-CN' ? '、' : ', ');
    const filled = { role, need: missing.need ?? 0, have: missing.have ?? 0 };
    params[`stage.${locale}`] = localize(stage.title, locale);
    params[`detail.${locale}`] = localize(DETAIL[missing.why], locale, filled);
    params[`fix.${locale}`] = admins.length
      ? localize(TEXTS.gate_fix_admins, locale, {
          ...filled,
          admins: admins.join(locale === 'zh-CN' ? '、' : ', '),
        })
      : localize(TEXTS.gate_fix_config, locale, filled);
  }
  const field = ctx.flow.form.find((f) => f.role === missing.role);
  if (field) params.field = field.id;
  // Kept flat (no per-language key) so the audit trail and a notice can say it again in their reader's words.
  Object.assign(params, { gateStage: stage.id, missingRole: missing.role, missingWhy: missing.why });
  if (missing.need !== undefined) params.need = missing.need;
  if (missing.have !== undefined) params.have = missing.have;
  return params;
}

/** The refusal's params again from its flat ones (as the trail and the outbox keep them), or undefined. */
export function unpassableAgain(
  params: Record<string, unknown>,
  ctx: Pick<EngineContext, 'flow' | 'directory'>,
): Refusal['params'] | undefined {
  const stage = ctx.flow.stages.find((s) => s.id === params.gateStage);
  const why = params.missingWhy as MissingWhy;
  if (!stage || typeof params.missingRole !== 'string' || !(why in DETAIL)) return undefined;
  const missing: MissingRole = { role: params.missingRole, why };
  if (typeof params.need === 'number') missing.need = params.need;
  if (typeof params.have === 'number') missing.have = params.have;
  return unpassableGate(stage, missing, ctx);
}
