import type { AuditEvent, CardDecision, PersonId, Release } from '../../domain/types.js';
import { say } from '../../i18n/say.js';
import type { Message } from '../model.js';
import { actionCard, closedCard, eventLine, releaseHeader } from './cards.js';
import { type PresentContext, shortTime } from './context.js';

/**
 * What a person's action card of `stageEntry` shows once `event` happened: while the release is
 * still at that stage entry and awaits them, the card with the buttons open to them now; otherwise the card without buttons, saying what they decided (or what happened). Every copy
 * of their card gets this, and so does the card they clicked, so all copies always agree.
 */
export function personCardNow(
  release: Release,
  person: PersonId,
  stageEntry: number,
  event: AuditEvent | undefined,
  p: PresentContext,
  decisions: readonly CardDecision[] = [],
): Message {
  const card = actionCard(release, person, p);
  const current = release.status === 'active' && release.stageEntry === stageEntry;
  // Awaited still (the next item, a later step): the card stays open. Anyone else keeps no card
  // with buttons, as they were sent none (a requester withdraws by command).
  if (current && release.awaiting.includes(person) && card.buttons.length) return card;
  const happened = event ? eventLine(event, p) : '';
  const own = current ? decisionLine(release, person, p) : pastDecisionLine(decisions, person, p);
  // Their own decision stays on their card; what moved the stage on follows when someone else did it.
  const outcome = own
    ? event && event.actor.person !== person && !current
      ? `${own}\n${happened}`
      : own
    : happened;
  return closedCard(card, outcome, releaseHeader(release, p));
}

function pastDecisionLine(
  decisions: readonly CardDecision[],
  person: PersonId,
  p: PresentContext,
): string | undefined {
  const d = decisions.find((x) => x.person === person);
  return d ? youDecided(d.decision, d.at, d.comment, p) : undefined;
}

function youDecided(
  decision: 'approved' | 'rejected',
  at: string,
  comment: string | undefined,
  p: PresentContext,
): string {
  const key = decision === 'approved' ? 'card_you_approved' : 'card_you_rejected';
  const line = say(key, p.locale, { time: shortTime(p, at) });
  return comment ? `${line} — ${comment}` : line;
}

/** "✅ You approved at 11-27 10:00 — looks good": the person's own decision in the current gate. */
function decisionLine(release: Release, person: PersonId, p: PresentContext): string | undefined {
  const slot = (release.gate?.slots ?? []).filter((s) => s.person === person && s.decision && s.at).at(-1);
  if (!slot?.decision || !slot.at) return undefined;
  return youDecided(slot.decision, slot.at, slot.comment, p);
}
