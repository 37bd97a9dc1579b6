import { peopleInRoles } from '../../domain/directory.js';
import type { PersonId, Release } from '../../domain/types.js';
import { activeSlots } from '../../engine/gate.js';
import { openItems } from '../../engine/stage.js';
import { say } from '../../i18n/say.js';
import { localize } from '../../i18n/text.js';
import type { Button, IntentCommand } from '../model.js';
import type { PresentContext } from './context.js';

/**
 * The buttons a person gets on their action card: exactly what the engine would accept from them
 * now, so a card never offers a click that is bound to be refused.
 */
export function buttonsFor(release: Release, person: PersonId, p: PresentContext): Button[] {
  if (release.status !== 'active') return [];
  const stage = p.flow.stages.find((s) => s.id === release.stage);
  if (!stage) return [];
  const button = (
    command: IntentCommand,
    label: string,
    style: Button['style'],
    needsInput: boolean,
    confirmText?: string,
  ): Button => ({
    label,
    style,
    needsInput,
    intent: { releaseId: release.id, stageEntry: release.stageEntry, command },
    ...(confirmText
      ? {
          confirm: {
            title: say('confirm_title', p.locale),
            text: confirmText,
            ok: say('confirm_ok', p.locale),
            cancel: say('confirm_cancel', p.locale),
          },
        }
      : {}),
  });
  const out: Button[] = [];
  const vars = { id: release.id, title: release.title };
  if (stage.gate) {
    const mine = activeSlots(stage.gate, release.gate?.slots ?? []).some((s) => s.person === person);
    const isExec = !stage.gate.executiveOnly || p.directory.hasRole(person, 'executive');
    if (mine && isExec) {
      out.push(
        button(
          { type: 'approve' },
          say('approve', p.locale),
          'primary',
          false,
          say('confirm_approve', p.locale, vars),
        ),
      );
      out.push(
        button(
          { type: 'reject' },
          say('reject', p.locale),
          'danger',
          true,
          say('confirm_reject', p.locale, vars),
        ),
      );
      out.push(button({ type: 'delegate' }, say('delegate', p.locale), 'default', true));
      out.push(button({ type: 'add_approver' }, say('add_approver', p.locale), 'default', true));
    }
  }
  const open = openItems(stage, release);
  const tickable = stage.checklist?.ordered ? open.slice(0, 1) : open;
  for (const item of tickable)
    if (peopleInRoles([item.owner], release, p.directory).includes(person))
      out.push(
        button({ type: 'tick', item: item.id }, `☐ ${localize(item.label, p.locale)}`, 'default', false),
      );
  for (const a of stage.actions) {
    if (a.pipelineOnly) continue; // reported by the pipeline (API), not clicked
    if (a.executiveOnly && !p.directory.hasRole(person, 'executive')) continue;
    if (!peopleInRoles(a.by, release, p.directory).includes(person)) continue;
    if (a.requiresChecklist && open.length) continue;
    const label = localize(a.label, p.locale);
    const confirmText = a.confirm ? localize(a.confirm, p.locale) : undefined;
    out.push(button({ type: 'act', action: a.id }, label, a.style, a.input.length > 0, confirmText));
  }
  const earlier = p.flow.stages.findIndex((s) => s.id === release.stage) > 0;
  if (earlier && (release.awaiting.includes(person) || person === release.requester) && !stage.terminal)
    out.push(button({ type: 'send_back' }, say('send_back', p.locale), 'default', true));
  if (person === release.requester && !release.launchedAt)
    out.push(button({ type: 'withdraw' }, say('withdraw', p.locale), 'danger', true));
  return out;
}
