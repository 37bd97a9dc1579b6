import type { GoliveConfig } from '../../src/config/schema.js';
import { type CheckResult, type DoctorContext, fail, ok } from './types.js';

/**
 * The teams' webhooks: each one's signing secret must be in the variable its `secretEnv` names, or
 * golive refuses to start. Only whether it is set is looked at; the secret is never printed.
 */
export function checkWebhooks(ctx: DoctorContext, config: GoliveConfig): CheckResult | undefined {
  const hooks = config.teams.flatMap((t) => t.webhooks);
  if (!hooks.length) return undefined;
  const name = ctx.say('webhooks');
  const zh = ctx.locale === 'zh-CN';
  const list = (items: string[]) => items.join(zh ? '、' : ', ');
  const unset = hooks.filter((h) => !ctx.platformEnv[h.secretEnv]?.trim());
  if (unset.length) {
    const vars = list(unset.map((h) => (zh ? `${h.secretEnv}（${h.id}）` : `${h.secretEnv} (${h.id})`)));
    return fail(name, ctx.say('webhooksUnset', { vars }), ctx.say('webhooksUnsetFix'));
  }
  return ok(name, ctx.say('webhooksOk', { n: hooks.length, ids: list(hooks.map((h) => h.id)) }));
}
