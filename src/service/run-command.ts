import { personCardNow } from '../conversation/present/person-card.js';
import { refusalText } from '../conversation/present/refusal.js';
import type { Actor, CommandEnvelope, Release } from '../domain/types.js';
import { recordRefusal } from '../engine/refusal-record.js';
import { transition } from '../engine/transition.js';
import type { FlowSpec } from '../flow/schema.js';
import { say } from '../i18n/say.js';
import { type Locale, localize } from '../i18n/text.js';
import type { Reply } from './api.js';
import type { CoreDeps } from './deps.js';
import { toOutbox } from './outbox.js';
import { overlapsForCommand } from './window-conflicts.js';

const MAX_ATTEMPTS = 8;

const text = (t: string, tone: 'info' | 'success' | 'warning' | 'error'): Reply => ({
  kind: 'text',
  text: t,
  tone,
});

/** A reply saying nothing was saved, marked so a caller can offer the same request again. */
const notSaved = (t: string, tone: 'warning' | 'error'): Reply => ({
  kind: 'text',
  text: t,
  tone,
  notSaved: true,
});

/**
 * Judges a command against the release as stored now and writes the result with a version check.
 * A lost race is judged again on the newer version, so two clicks at once give two verdicts, never
 * a lost one. A refusal is recorded in the audit trail too (except stale timers, which are noise).
 * `loaded` is the release as the caller has just read it, judged first instead of reading it again.
 */
export async function runCommand(
  deps: CoreDeps,
  releaseId: string,
  envelope: CommandEnvelope,
  actor: Actor,
  locale: Locale,
  idempotencyKey?: string,
  loaded?: Release,
): Promise<Reply> {
  try {
    // A retried request is recognised by the commit itself (the store checks the key in the same
    // atomic step), so it costs no read of its own here: on MongoDB that was a read of a collection
    // that grows with every request.
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const release = attempt === 0 && loaded ? loaded : await deps.store.load(releaseId);
      if (!release) return text(say('not_found', locale, { id: releaseId }), 'warning');
      const flow = await deps.flowOf(release);
      const overlaps = await overlapsForCommand(deps, release, flow, envelope);
      const result = transition(release, envelope, actor, {
        flow,
        config: deps.config,
        directory: deps.directory,
        now: deps.now(),
        ...(idempotencyKey ? { request: idempotencyKey } : {}),
        ...(overlaps ? { overlaps } : {}),
      });
      if (!result.ok) {
        const reply = text(refusalText(result.refusal, deps.present(flow, locale)), 'warning');
        if (actor.platform === 'system') {
          // A timer whose release no longer has it: it ran already (a second run of its job — a
          // scheduler firing twice shows here) or its stage was left. Not for the trail; counted.
          if (envelope.command.type === 'timer') {
            deps.metrics.staleTimerRuns.inc();
            deps.log.debug(
              { releaseId, timerId: envelope.command.timerId, code: result.refusal.code },
              'stale timer run refused',
            );
          }
          return reply;
        }
        const record = recordRefusal(
          release,
          envelope.command,
          result.refusal,
          actor,
          deps.now(),
          idempotencyKey,
        );
        const saved = await deps.store.commit({
          release: record.release,
          expectedVersion: release.version,
          events: [record.event],
          outbox: [],
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
        if (!saved.ok && saved.reason === 'conflict') continue;
        if (!saved.ok) return text(say('duplicate', locale), 'info');
        deps.metrics.refusals.inc({ reason: result.refusal.code });
        deps.log.info({ releaseId, actor, code: result.refusal.code }, 'command refused');
        return reply;
      }
      const saved = await deps.store.commit({
        release: result.release,
        expectedVersion: release.version,
        events: [result.event],
        outbox: toOutbox(result.release, result.effects, deps.now()),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      if (saved.ok) {
        deps.metrics.decisions.inc({ what: result.event.what });
        deps.afterCommit(result.release);
        const done = doneText(result.release, result.event.what, flow, locale);
        if (actor.platform === 'system') return text(done, 'success');
        const p = deps.present(flow, locale);
        const closing = result.effects.find((e) => e.type === 'close_cards');
        const decisions = closing?.type === 'close_cards' ? (closing.decisions ?? []) : [];
        const card = personCardNow(
          result.release,
          actor.person,
          release.stageEntry,
          result.event,
          p,
          decisions,
        );
        return { kind: 'text', text: done, tone: 'success', card };
      }
      if (saved.reason === 'duplicate') return text(say('duplicate', locale), 'info');
    }
    return notSaved(say('busy', locale), 'warning');
  } catch (err) {
    deps.log.error({ err, releaseId, command: envelope.command.type }, 'could not run command');
    return notSaved(say('store_unavailable', locale), 'error');
  }
}

const GENERIC_LABELS = [
  'approve',
  'reject',
  'withdraw',
  'cancel',
  'delegate',
  'add_approver',
  'send_back',
] as const;

/** "Recorded: Approve (REL-3)" — the action's own label where the flow has one. */
function doneText(release: Release, what: string, flow: FlowSpec, locale: Locale): string {
  const action = flow.stages.flatMap((s) => s.actions).find((a) => a.id === what);
  const generic = GENERIC_LABELS.find((g) => g === what);
  const label = action
    ? localize(action.label, locale)
    : generic
      ? say(generic, locale)
      : what === 'tick'
        ? '☑'
        : what;
  return say('done', locale, { what: label, id: release.id });
}
