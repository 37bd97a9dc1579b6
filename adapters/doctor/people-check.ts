import type { PersonLookup } from '../startup/person-lookup.js';
import { type CheckResult, type DoctorContext, fail, messageOf, ok, warn } from './types.js';

/** Every configured person with an id on `platform` looked up there: one line, naming whoever is missing. */
export async function peopleCheck(
  ctx: DoctorContext,
  platform: 'slack' | 'feishu',
  name: string,
  fix: string,
  lookup: (id: string) => Promise<PersonLookup>,
): Promise<CheckResult> {
  const { say } = ctx;
  const people = (ctx.config?.people ?? []).filter((p) => p[platform]);
  if (!people.length) return warn(name, say('peopleNone'), say('peopleNoneFix'));
  const missing: string[] = [];
  try {
    for (const person of people) {
      const id = person[platform]!;
      const result = await lookup(id);
      if ('unchecked' in result) return warn(name, say('peopleUnchecked', { why: result.unchecked }), fix);
      if (!result.found) missing.push(`${person.name} (${person.id}: ${id}, ${result.why})`);
    }
  } catch (err) {
    return warn(name, say('peopleUnchecked', { why: messageOf(err) }), fix);
  }
  if (missing.length)
    return fail(
      name,
      say('peopleMissing', {
        count: missing.length,
        who: missing.join(ctx.locale === 'zh-CN' ? '；' : '; '),
      }),
      fix,
    );
  return ok(name, say('peopleOk', { count: people.length }));
}
