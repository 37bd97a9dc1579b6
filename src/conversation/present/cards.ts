import { peopleInRole } from '../../domain/directory.js';
import type { AuditEvent, NoticeKind, PersonId, RefusalCode, Release } from '../../domain/types.js';
import { unpassableAgain } from '../../engine/gate-refusal.js';
import { openItems } from '../../engine/stage.js';
import { REFUSALS, TEXTS, type TextKey } from '../../i18n/catalog.js';
import { say } from '../../i18n/say.js';
import { type Locale, localize } from '../../i18n/text.js';
import type { Button, Message, MessageField } from '../model.js';
import { buttonsFor } from './buttons.js';
import { conflictLines } from './conflicts.js';
import {
  actionLabel,
  names,
  type PresentContext,
  peopleField,
  roleLabel,
  shortTime,
  stageTitle,
  systemName,
} from './context.js';
import { factLinks, gistOf, releaseFacts } from './facts.js';
import { refusalText } from './refusal.js';

const TONE: Record<Release['status'], Message['tone']> = {
  active: 'info',
  done: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  cancelled: 'neutral',
};

function vars(release: Release, p: PresentContext) {
  return { id: release.id, title: release.title, stage: stageTitle(p, release.stage) };
}

function links(release: Release, p: PresentContext): Message['links'] {
  const out: Message['links'] = [];
  // The release on the board (when it has a public address): opening it goes through sign-in.
  if (p.releaseUrl) out.push({ label: say('board_view', p.locale), url: p.releaseUrl(release.id) });
  // The releases it collides with, on the board.
  if (p.releaseUrl && release.status === 'active')
    for (const c of release.conflicts ?? [])
      if (c.kind === 'overlap') out.push({ label: c.release, url: p.releaseUrl(c.release) });
  const seen = new Set<string>();
  for (const l of factLinks(release, p)) if (!seen.has(l.url) && seen.add(l.url)) out.push(l);
  return out.slice(0, p.releaseUrl ? 6 : 5);
}

/** The facts of a release every card shows. */
function releaseFields(release: Release, p: PresentContext): MessageField[] {
  const f: MessageField[] = [
    { label: say('label_flow', p.locale), value: localize(p.flow.title, p.locale) },
    { label: say('label_system', p.locale), value: release.system ? systemName(p, release.system) : '—' },
    { label: say('label_stage', p.locale), value: stageAndStatus(release, p) },
    { label: say('label_requester', p.locale), value: names(p, [release.requester]) },
  ];
  if (release.status === 'active')
    f.push(peopleField(p, say('label_awaiting', p.locale), release.awaiting, say('nobody', p.locale)));
  if (release.window?.start || release.window?.end)
    f.push({
      label: say('label_window', p.locale),
      value: timeRange(p, release.window.start, release.window.end),
    });
  // Shown to the requester's channel and on every approver's card, so a sign-off is never blind to them.
  if (release.conflicts?.length && release.status === 'active')
    f.push({
      label: say('label_conflicts', p.locale),
      value: conflictLines(release.conflicts, p.locale, p.config.timezone, p.now).join('\n'),
    });
  return f;
}

/** "2月1日 00:00 至 2月5日 18:00": a range in the team's zone, either end possibly open. */
export function timeRange(p: PresentContext, start?: string, end?: string): string {
  return say('freeze_range', p.locale, {
    start: start ? shortTime(p, start) : '…',
    end: end ? shortTime(p, end) : '…',
  });
}

/** The stage and, when it says something the title does not, the status ("已完成", not "已完成 · 已完成"). */
function stageAndStatus(release: Release, p: PresentContext): string {
  const title = stageTitle(p, release.stage);
  const status = say(`status_${release.status}` as TextKey, p.locale);
  return title === status ? title : `${title} · ${status}`;
}

/** A freeze window a launch bypassed, stored as "start/end". */
function bypassed(p: PresentContext, window: string): string {
  const [start, end] = window.split('/');
  return timeRange(p, start, end);
}

/** The channel's status card: edited in place as the release moves. */
export function statusCard(release: Release, p: PresentContext): Message {
  const fields = releaseFields(release, p);
  const loops = release.loops;
  if (Object.keys(loops).length)
    fields.push({
      label: say('label_loops', p.locale),
      value: say('loops_text', p.locale, {
        smoke: loops.smoke ?? 0,
        bugs: loops.bugs ?? 0,
        production: loops.production ?? 0,
      }),
    });
  const known = (release.records.known_issues ?? []).flatMap((r) => r.values.known_issues ?? []);
  if (known.length)
    fields.push({ label: say('label_known_issues', p.locale), value: known.map((k) => `• ${k}`).join('\n') });
  const failures = release.records.launch_failures ?? [];
  const lastFailure = failures.at(-1);
  if (lastFailure)
    fields.push({
      label: say('label_launch_failures', p.locale),
      value: say('launch_failure_line', p.locale, {
        n: failures.length,
        time: shortTime(p, lastFailure.at),
        status: deploymentStatus(String(lastFailure.values.status ?? ''), p.locale),
        version: String(lastFailure.values.version ?? ''),
        notes: String(lastFailure.values.notes ?? ''),
      }).trim(),
    });
  if (release.freezeBypass)
    fields.push({
      label: say('label_freeze_bypass', p.locale),
      value: release.freezeBypass.by
        ? say('freeze_bypass_line', p.locale, {
            window: bypassed(p, release.freezeBypass.window),
            name: p.directory.displayName(release.freezeBypass.by),
            reason: release.freezeBypass.reason ?? '—',
          })
        : bypassed(p, release.freezeBypass.window),
    });
  if (release.undelivered?.length)
    fields.push({
      label: say('label_undelivered', p.locale),
      value: release.undelivered
        .map((u) => {
          const to = u.to ? ` → ${p.directory.displayName(u.to)}` : '';
          const what = say(`undelivered_${undeliveredKind(u.message)}`, p.locale, { hook: u.hook ?? '' });
          return `• ${what}${to} · ${shortTime(p, u.at)}`;
        })
        .join('\n'),
    });
  const stage = p.flow.stages.find((s) => s.id === release.stage);
  const body: string[] = [];
  for (const s of release.gate?.slots ?? []) {
    const key =
      s.decision === 'approved'
        ? 'slot_approved'
        : s.decision === 'rejected'
          ? 'slot_rejected'
          : 'slot_pending';
    body.push(say(key, p.locale, { name: p.directory.displayName(s.person) }));
  }
  if (stage?.checklist)
    for (const item of stage.checklist.items) {
      const done = release.checklist?.[item.id];
      body.push(
        done
          ? say('item_done', p.locale, {
              label: localize(item.label, p.locale),
              name: p.directory.displayName(done.by),
            })
          : say('item_open', p.locale, {
              label: localize(item.label, p.locale),
              owner: roleLabel(p, item.owner),
            }),
      );
    }
  return {
    // What a phone shows in the notification and the chat list.
    summary: say('status_summary', p.locale, {
      id: release.id,
      title: release.title,
      stage: stageTitle(p, release.stage),
    }),
    header: `${release.id} · ${release.title}`,
    tone: TONE[release.status],
    ...(body.length ? { body: body.join('\n') } : {}),
    fields,
    links: links(release, p),
    context: [contextLine(release, p)],
    buttons: [],
  };
}

function contextLine(release: Release, p: PresentContext): string {
  return say('context_line', p.locale, {
    id: release.id,
    flow: localize(p.flow.title, p.locale),
    version: release.flowVersion,
    time: shortTime(p, release.updatedAt),
  });
}

/** A person's card with the buttons they may press now. */
export function actionCard(
  release: Release,
  person: PersonId,
  p: PresentContext,
  headerKey: TextKey = 'action_header',
  extra: Record<string, string | number> = {},
): Message {
  const stage = p.flow.stages.find((s) => s.id === release.stage);
  const openCount = stage ? openItems(stage, release).length : 0;
  const header = say(headerKey, p.locale, { ...vars(release, p), ...extra });
  const facts = releaseFacts(release, p);
  const buttons = buttonsFor(release, person, p);
  // Something is clipped: a way to read all of it (Slack opens a modal; Feishu and local mode show
  // the whole text their own way and leave this button out).
  if (facts.some((f) => f.full))
    buttons.push({
      label: say('details', p.locale),
      style: 'default',
      needsInput: false,
      intent: { releaseId: release.id, stageEntry: release.stageEntry, command: { type: 'details' } },
    });
  return {
    summary: pushText(release, header, headerKey, buttons, p),
    header,
    releaseId: release.id,
    tone: headerKey === 'escalation_header' ? 'warning' : 'info',
    body: [
      say('action_body', p.locale, vars(release, p)),
      openCount ? say('checklist_open', p.locale, { count: openCount }) : '',
    ]
      .filter(Boolean)
      .join('\n'),
    fields: [...releaseFields(release, p), ...facts],
    links: links(release, p),
    context: [contextLine(release, p)],
    buttons,
  };
}

/** How much of the gist a push notification carries (a locked phone shows two lines or so). */
const GIST_MAX = 120;

/**
 * The notification text of a card: what is asked and about what ("Approve REL-4 "Payments hotfix" —
 * Severe production bug: payments fail for …"), which is what a locked phone shows. The gist is the
 * first choice and the first longer answer the stage shows.
 */
function pushText(
  release: Release,
  header: string,
  headerKey: TextKey,
  buttons: readonly Button[],
  p: PresentContext,
): string {
  // Notices with a header of their own (delegated, added, escalation, verify) keep it as the head.
  const own = headerKey !== 'action_header' && headerKey !== 'reminder_header';
  const v = vars(release, p);
  const act = buttons.find((b) => b.intent.command.type === 'act' && b.style === 'primary') ?? buttons[0];
  let head = header;
  if (!own && buttons.some((b) => b.intent.command.type === 'approve'))
    head = say('push_approve', p.locale, v);
  else if (!own && act) head = say('push_act', p.locale, v);
  if (headerKey === 'reminder_header') head = say('reminder_prefix', p.locale, { text: head });
  const gist = gistOf(release, p);
  if (!gist) return head;
  const short = [...gist].length > GIST_MAX ? `${[...gist].slice(0, GIST_MAX - 1).join('')}…` : gist;
  return say('push_gist', p.locale, { head, gist: short });
}

/**
 * The same card once decided: the buttons give way to what happened, and the header no longer says
 * "For you" — nothing is asked of the reader any more.
 */
export function closedCard(card: Message, outcome: string, header?: string): Message {
  return { ...card, buttons: [], outcome, tone: 'neutral', ...(header ? { header } : {}) };
}

/** "REL-3「结账改版」": a card's header when it asks nothing. */
export function releaseHeader(release: Release, p: PresentContext): string {
  return say('release_header', p.locale, { id: release.id, title: release.title });
}

const NOTICE_HEADER: Record<NoticeKind, TextKey> = {
  action_required: 'action_header',
  reminder: 'reminder_header',
  escalation: 'escalation_header',
  stage_entered: 'stage_entered_header',
  rejected: 'rejected_header',
  sent_back: 'sent_back_header',
  withdrawn: 'withdrawn_header',
  cancelled: 'cancelled_header',
  delegated_to_you: 'delegated_header',
  added_as_approver: 'added_header',
  verify_prompt: 'verify_header',
  activity_end: 'activity_end_header',
  observation_end: 'observation_end_header',
  auto_action: 'auto_action_header',
  approval_reset: 'reset_reject_header',
  cc: 'cc_header',
  launch_failed: 'launch_failed_header',
  gate_unpassable: 'unpassable_header',
};

/** Notices that carry the person's buttons, so they can act from the message itself. */
export const ACTIONABLE: ReadonlySet<NoticeKind> = new Set([
  'action_required',
  'reminder',
  'delegated_to_you',
  'added_as_approver',
  'verify_prompt',
]);

/** A direct message about something that happened to a release. */
export function notice(
  release: Release,
  about: NoticeKind,
  person: PersonId,
  params: Record<string, string | number>,
  p: PresentContext,
): Message {
  const key =
    about === 'approval_reset' && params.cause === 'send_back'
      ? 'reset_send_back_header'
      : NOTICE_HEADER[about];
  const by = typeof params.by === 'string' ? p.directory.displayName(params.by) : '';
  if (ACTIONABLE.has(about)) return actionCard(release, person, p, key, { name: by });
  const text = say(key, p.locale, {
    ...vars(release, p),
    name: by,
    stage: typeof params.stage === 'string' ? stageTitle(p, params.stage) : stageTitle(p, release.stage),
    action: typeof params.action === 'string' ? actionLabel(p, params.action) : '',
    what: typeof params.what === 'string' ? whatWasDone(params.what, p) : '',
  });
  const body: string[] = [];
  if (typeof params.reason === 'string' && params.reason)
    body.push(say('reason_line', p.locale, { reason: params.reason }));
  if (about === 'approval_reset' && typeof params.stage === 'string')
    body.push(say('reset_body', p.locale, { stage: stageTitle(p, params.stage) }));
  if (about === 'cc' && typeof params.stage === 'string')
    body.push(say('cc_body', p.locale, { stage: stageTitle(p, params.stage) }));
  if (about === 'gate_unpassable') body.push(unpassableText(params, p));
  if (about === 'escalation' && typeof params.waitingFor === 'string')
    body.push(
      say('escalation_body', p.locale, { names: names(p, params.waitingFor.split(',').filter(Boolean)) }),
    );
  return {
    summary: text,
    header: text,
    tone: WARNING_NOTICES.has(about) ? 'warning' : 'info',
    ...(body.length ? { body: body.join('\n') } : {}),
    fields: releaseFields(release, p),
    links: links(release, p),
    context: [contextLine(release, p)],
    buttons: [],
  };
}

/** The launch-complete (or done) announcement: what went live, who signed, who verifies. */
export function announcement(
  release: Release,
  what: 'launch' | 'done',
  events: readonly AuditEvent[],
  p: PresentContext,
): Message {
  const header = say(what === 'launch' ? 'announce_launch' : 'announce_done', p.locale, vars(release, p));
  const signers = [...new Set(events.filter((e) => e.what === 'approve').map((e) => e.actor.person))];
  const verifiers = peopleInRole('tester', release, p.directory);
  const fields: MessageField[] = [
    { label: say('label_system', p.locale), value: release.system ? systemName(p, release.system) : '—' },
    { label: say('label_requester', p.locale), value: names(p, [release.requester]) },
    {
      label: say('label_signed', p.locale),
      value: signers.length ? names(p, signers) : say('nobody', p.locale),
    },
    {
      label: say('label_verifier', p.locale),
      value: verifiers.length ? names(p, verifiers) : say('nobody', p.locale),
    },
  ];
  const known = (release.records.known_issues ?? []).flatMap((r) => r.values.known_issues ?? []);
  if (known.length)
    fields.push({ label: say('label_known_issues', p.locale), value: known.map((k) => `• ${k}`).join('\n') });
  if (release.freezeBypass)
    fields.push({
      label: say('label_freeze_bypass', p.locale),
      value: bypassed(p, release.freezeBypass.window),
    });
  return {
    summary: header,
    header,
    tone: 'success',
    body: say('announce_body', p.locale, {
      system: release.system ? systemName(p, release.system) : '—',
      requester: p.directory.displayName(release.requester),
    }),
    fields,
    links: links(release, p),
    context: [contextLine(release, p)],
    buttons: [],
  };
}

/** Everything the release's form and records hold, unclipped: `/release show`, Slack's Details. */
export function detailsCard(release: Release, p: PresentContext): Message {
  const header = say('details_title', p.locale, { id: release.id });
  return {
    summary: header,
    header: `${release.id} · ${release.title}`,
    tone: 'neutral',
    releaseId: release.id,
    fields: [...releaseFields(release, p), ...releaseFacts(release, p, { clip: false, all: true })],
    links: links(release, p),
    context: [contextLine(release, p)],
    buttons: [],
  };
}

/** One line for the status card's thread: who did what. */
export function eventLine(event: AuditEvent, p: PresentContext): string {
  const name =
    event.actor.person === 'system'
      ? say('system_name', p.locale)
      : p.directory.displayName(event.actor.person);
  const tail = event.comment ? ` — ${event.comment}` : '';
  const moved =
    event.stageBefore && event.stageBefore !== event.stageAfter
      ? ` → ${stageTitle(p, event.stageAfter)}`
      : '';
  return `${say('event_line', p.locale, { name, what: eventWhat(event, p) })}${tail}${moved}`;
}

/** What an audit event did, in the reader's words ("approved", "ticked “Back up production”", an action's label). */
export function eventWhat(event: AuditEvent, p: PresentContext): string {
  const d = event.data ?? {};
  switch (event.what) {
    case 'create':
    case 'approve':
    case 'reject':
    case 'withdraw':
    case 'cancel':
      return say(`event_${event.what}`, p.locale);
    case 'tick':
      return say('event_tick', p.locale, { item: itemLabel(p, String(d.item)) });
    case 'delegate':
    case 'add_approver':
      return say(`event_${event.what}`, p.locale, { to: p.directory.displayName(String(d.to ?? d.person)) });
    case 'send_back':
      return say('event_send_back', p.locale, { stage: stageTitle(p, event.stageAfter) });
    case 'refused':
      return say('event_refused', p.locale, { code: refusedWhy(d, p) });
    case 'undelivered':
      return undeliveredLine(d, p);
    case 'deploy_started':
    case 'launch_failed': {
      const deployment = (d.deployment ?? {}) as { status?: string; version?: string };
      return say(`event_${event.what}`, p.locale, {
        status: deploymentStatus(deployment.status ?? '', p.locale),
        version: deployment.version ?? '',
      });
    }
    default:
      return event.what.startsWith('timer:') ? timerWhat(event.what.slice(6), p) : actionLabel(p, event.what);
  }
}

/** A deployment's status as a pipeline reported it, in the reader's words ("已回滚", "rolled back"). */
export function deploymentStatus(status: string, locale: Locale): string {
  const known = ['started', 'succeeded', 'failed', 'rolled_back'];
  return known.includes(status) ? say(`deploy_status_${status}` as TextKey, locale) : status;
}

/** A decision or action by its id, in the reader's words ("同意", "Tests passed"). */
function whatWasDone(what: string, p: PresentContext): string {
  const generic = ['approve', 'reject', 'withdraw', 'cancel'];
  if (generic.includes(what)) return say(`event_${what}` as TextKey, p.locale);
  if (what === 'send_back') return say('send_back', p.locale);
  return actionLabel(p, what);
}

/** What a timer did, by its kind ("系统提醒", "超时上报"). */
function timerWhat(kind: string, p: PresentContext): string {
  const key = `event_timer_${kind}`;
  return key in TEXTS ? say(key as TextKey, p.locale) : say('event_timer', p.locale, { kind });
}

/** Why a recorded refusal was refused, as its reader was told (params kept since issue 12). */
const WARNING_NOTICES: ReadonlySet<NoticeKind> = new Set([
  'escalation',
  'rejected',
  'approval_reset',
  'gate_unpassable',
]);

/** "Nobody could pass …: what is missing. Who can fix it." from the flat params a trail entry keeps. */
function unpassableText(params: Record<string, unknown>, p: PresentContext): string {
  const again = unpassableAgain(params, p);
  return again ? refusalText({ code: 'no_eligible_approver', params: again }, p) : '';
}

function refusedWhy(d: Record<string, unknown>, p: PresentContext): string {
  const code = String(d.code) as RefusalCode;
  if (!(code in REFUSALS)) return code;
  const params = (d.params ?? {}) as Record<string, string | number>;
  if (code === 'no_eligible_approver' && params.gateStage)
    return unpassableText(params, p).replace(/[。.]$/, '');
  // An entry from before the params were kept leaves no placeholder showing.
  return refusalText({ code, params }, p)
    .replace(/\{\w+\}/g, '…')
    .replace(/[。.]$/, '');
}

/** "could not deliver a message to Bob (5 attempts)": a message the bot gave up sending. */
function undeliveredLine(d: Record<string, unknown>, p: PresentContext): string {
  const vars = {
    what: say(`undelivered_${undeliveredKind(d.message)}`, p.locale, { hook: String(d.hook ?? '') }),
    n: Number(d.attempts ?? 0),
  };
  if (typeof d.to !== 'string') return say('event_undelivered', p.locale, vars);
  return say('event_undelivered_to', p.locale, { ...vars, name: p.directory.displayName(d.to) });
}

function undeliveredKind(message: unknown): 'status_card' | 'announce' | 'notify' | 'webhook' | 'cards' {
  return message === 'status_card' || message === 'announce' || message === 'notify' || message === 'webhook'
    ? message
    : 'cards';
}

export function itemLabel(p: PresentContext, id: string): string {
  for (const s of p.flow.stages) {
    const item = s.checklist?.items.find((i) => i.id === id);
    if (item) return localize(item.label, p.locale);
  }
  return id;
}
