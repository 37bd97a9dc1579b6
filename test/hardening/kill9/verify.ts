import { verifyChain } from '../../../src/audit/chain.js';
import type { AuditEvent, PersonId, Release } from '../../../src/domain/types.js';
import type { ReleaseStore } from '../../../src/store/port.js';
import type { FakeSlackApi } from '../../fakes/slack-api.js';
import { type Sent, TRY_AGAIN } from './clients.js';
import type { Ending } from './drill.js';

export interface Verdict {
  problems: string[];
  /** Requests acknowledged as decisions (a click answered 200, a modal closed by its submit). */
  acknowledged: number;
  /** Audit entries caused by a request. */
  recorded: number;
  refused: number;
}

/** The request token an audit entry names: a click's action_ts, or a modal's view id and hash. */
function tokenOf(request: string): string | undefined {
  return /^slack:act:([^:]+):/.exec(request)?.[1] ?? /^slack:view:(.+)$/.exec(request)?.[1];
}

/** What each person did on a release, accepted (not refused), as `what[:item]@person`. */
function accepted(events: AuditEvent[]): string[] {
  return events
    .filter((e) => e.actor.platform !== 'system' && e.what !== 'refused' && e.what !== 'create')
    .map((e) => `${e.what}${e.data?.item ? `:${String(e.data.item)}` : ''}@${e.actor.person}`)
    .sort();
}

function expectedDecisions(ending: Ending): string[] {
  const base = ['tick:build@alice', 'tick:config@alice', 'tick:notes@alice', 'ready@alice'];
  if (ending === 'reject') return [...base, 'approve@bob', 'reject@dave'].sort();
  const signed = [...base, 'approve@dave', 'approve@bob'];
  return (ending === 'launch' ? [...signed, 'launched@alice'] : signed).sort();
}

const FINAL: Record<Ending, Pick<Release, 'status' | 'stage'>> = {
  launch: { status: 'done', stage: 'done' },
  reject: { status: 'rejected', stage: 'rejected' },
  wait: { status: 'active', stage: 'waiting' },
};

/**
 * After the drill: every acknowledged request is in the audit trail exactly once, nothing is there
 * that no request caused, every release's chain verifies and its state is what its trail says, and
 * every release left waiting was reminded once.
 */
export async function verifyDrill(opts: {
  store: ReleaseStore;
  sent: Sent[];
  fake: FakeSlackApi;
  endings: Map<string, Ending>;
}): Promise<Verdict> {
  const problems: string[] = [];
  const answers = new Map<string, string>();
  for (const c of opts.fake.callsTo('response_url'))
    answers.set(String(c.args.id), String(c.args.text ?? ''));
  const byToken = new Map<string, string[]>();
  let refused = 0;
  let recorded = 0;
  for (const [id, ending] of opts.endings) {
    const release = await opts.store.load(id);
    if (!release) {
      problems.push(`${id} is missing`);
      continue;
    }
    const events = await opts.store.events(id);
    const chain = verifyChain(events, { lastHash: release.lastEventHash, count: release.eventCount });
    if (!chain.ok) problems.push(`${id}: audit chain fails at #${chain.seq} (${chain.problem})`);
    if (events.at(-1)?.stageAfter !== release.stage)
      problems.push(`${id}: stage ${release.stage} but the trail ends in ${events.at(-1)?.stageAfter}`);
    const want = FINAL[ending];
    if (release.status !== want.status || release.stage !== want.stage)
      problems.push(`${id}: ${release.status}/${release.stage}, expected ${want.status}/${want.stage}`);
    const did = accepted(events);
    if (did.join() !== expectedDecisions(ending).join())
      problems.push(
        `${id}: accepted decisions ${did.join(', ')}; expected each of ${expectedDecisions(ending).join(', ')} once`,
      );
    const reminders = events.filter((e) => e.what === 'timer:remind').length;
    if (ending === 'wait' ? reminders !== 1 : reminders > 1)
      problems.push(`${id}: reminded ${reminders} times`);
    if (ending === 'wait' && !sameSet(release.awaiting, ['alice']))
      problems.push(`${id}: awaits ${release.awaiting.join(', ')} in the waiting stage`);
    for (const e of events) {
      if (e.what === 'refused') refused++;
      if (!e.request) continue;
      recorded++;
      const token = tokenOf(e.request);
      if (!token) {
        problems.push(`${id} #${e.seq}: request ${e.request} is not one of the drill's`);
        continue;
      }
      byToken.set(token, [...(byToken.get(token) ?? []), `${id}#${e.seq}`]);
    }
  }
  const sentTokens = new Set(opts.sent.map((s) => s.token));
  for (const [token, where] of byToken) {
    if (where.length > 1)
      problems.push(`request ${token} recorded ${where.length} times: ${where.join(', ')}`);
    if (!sentTokens.has(token))
      problems.push(`${where.join(', ')}: recorded for request ${token} nobody sent`);
  }
  let acknowledged = 0;
  const seen = new Set<string>();
  for (const s of opts.sent) {
    if (!isAcknowledgedDecision(s, answers) || seen.has(s.token)) continue;
    seen.add(s.token);
    acknowledged++;
    if (!byToken.has(s.token))
      problems.push(
        `${s.kind} ${s.token} was answered 200 (${answers.get(s.answerId ?? '') ?? 'no answer text'}) but is not in any audit trail`,
      );
  }
  return { problems, acknowledged, recorded, refused };
}

/**
 * A decision the bot acknowledged: a click answered 200 that is not a reject's modal opener and was
 * not answered "please try again" (busy, could not save), or a modal its submit closed.
 */
function isAcknowledgedDecision(s: Sent, answers: Map<string, string>): boolean {
  if (s.status !== 200) return false;
  if (s.kind === 'submit') return s.body === '';
  if (s.opensForm) return false;
  return !TRY_AGAIN.test(answers.get(s.answerId ?? '') ?? '');
}

function sameSet(a: PersonId[], b: PersonId[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
