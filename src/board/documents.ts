import { deploymentStatus, itemLabel } from '../conversation/present/cards.js';
import { actionLabel, type PresentContext, stageTitle } from '../conversation/present/context.js';
import type { AuditEvent, Release } from '../domain/types.js';
import { say } from '../i18n/say.js';
import { localize } from '../i18n/text.js';
import { formatDuration, formatFull } from '../time/format.js';
import { gateRounds, type ReleaseFacts, releaseFacts } from './release-facts.js';
import { actionInputs, roleName, type Shown, type ShownRow, showValues, teamName } from './shown.js';
import { sayBoard } from './texts.js';

export const DOCUMENT_KINDS = ['launch-application', 'test-report', 'launch-report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A signature on a document: who, in which role, what they decided, when, and what they wrote. */
export interface Signature {
  name: string;
  role: string;
  /** The step signed (a gate's stage, or the action taken). */
  step: string;
  decision: 'approved' | 'rejected' | 'done';
  at: string;
  comment?: string;
}

/** A table cell: a value's pieces. */
export type Cell = Shown[];

export interface DocTable {
  head: string[];
  rows: Cell[][];
}

export interface DocSection {
  title: string;
  rows?: ShownRow[];
  table?: DocTable;
  /** Said when the section has nothing (yet). */
  note?: string;
}

/** One of the seed processes' paper forms, filled from a release's answers and its audit trail. */
export interface ReleaseDocument {
  kind: DocumentKind;
  title: string;
  sections: DocSection[];
  signatures: Signature[];
  /** People whose signature the release still awaits at its current gate. */
  pending: { name: string; role: string }[];
  /** Decisions of earlier rounds (a rejection, then a new application). */
  earlier: Signature[];
}

const text = (s: string): Shown[] => [{ text: s }];
const pick = (values: Record<string, unknown>, ids: string[]) =>
  Object.fromEntries(Object.entries(values).filter(([k]) => ids.includes(k)));
const time = (p: PresentContext, iso: string) => formatFull(iso, p.config.timezone, p.locale);

function signature(facts: ReleaseFacts, e: AuditEvent, p: PresentContext): Signature {
  const roles = facts.rolesOf(e);
  const gate = e.what === 'approve' || e.what === 'reject';
  return {
    name: p.directory.displayName(e.actor.person),
    role: roles.length ? roles.map((r) => roleName(p, r)).join(p.locale === 'zh-CN' ? '、' : ', ') : '—',
    step: gate ? stageTitle(p, e.stageBefore ?? e.stageAfter) : actionLabel(p, e.what),
    decision: e.what === 'approve' ? 'approved' : e.what === 'reject' ? 'rejected' : 'done',
    at: e.at,
    ...(e.comment ? { comment: e.comment } : {}),
  };
}

function basics(release: Release, p: PresentContext, extra: ShownRow[] = []): DocSection {
  const b = (key: Parameters<typeof sayBoard>[0], value: Shown[]): ShownRow => ({
    label: sayBoard(key, p.locale),
    value,
  });
  const window = release.window;
  const rows: ShownRow[] = [
    b('f_id', text(release.id)),
    b('f_title', text(release.title)),
    b('f_system', text(release.system || '—')),
    b('f_flow', text(`${localize(p.flow.title, p.locale)} v${release.flowVersion}`)),
    b('f_requester', text(p.directory.displayName(release.requester))),
    ...(release.team ? [b('f_team', text(teamName(p, release.team) ?? release.team))] : []),
    b('f_created', text(time(p, release.createdAt))),
    b('f_status', text(say(`status_${release.status}`, p.locale))),
  ];
  if (window?.start || window?.end) {
    const start = window.start ? time(p, window.start) : '';
    const end = window.end ? time(p, window.end) : '';
    rows.push(
      b('f_window', text(start && end ? sayBoard('window_range', p.locale, { start, end }) : start || end)),
    );
  }
  return { title: sayBoard('sec_basics', p.locale), rows: [...rows, ...extra] };
}

function pendingAtGate(release: Release, p: PresentContext): ReleaseDocument['pending'] {
  if (release.status !== 'active' || !release.gate) return [];
  return release.gate.slots
    .filter((s) => !s.decision)
    .map((s) => ({ name: p.directory.displayName(s.person), role: roleName(p, s.role) }));
}

/** Records (bugs, smoke failures, known issues …) as a table: when, who, what they entered. */
function recordTable(release: Release, record: string, p: PresentContext): DocTable | undefined {
  const entries = release.records[record] ?? [];
  if (!entries.length) return undefined;
  const action = p.flow.stages.flatMap((s) => s.actions).find((a) => a.record === record);
  const sep = p.locale === 'zh-CN' ? '：' : ': ';
  return {
    head: [
      sayBoard('f_at', p.locale),
      sayBoard('f_by', p.locale),
      action ? localize(action.label, p.locale) : record,
    ],
    rows: entries.map((entry) => {
      const values = showValues(p, action?.input ?? [], entry.values);
      const what: Cell = values.flatMap((row, i) => [
        ...(i ? [{ text: '\n' }] : []),
        { text: `${row.label}${sep}` },
        ...row.value,
      ]);
      return [
        text(time(p, entry.at)),
        text(p.directory.displayName(entry.by)),
        what.length ? what : text('—'),
      ];
    }),
  };
}

function loopsText(release: Release, p: PresentContext): string {
  const parts = Object.entries(release.loops)
    .filter(([, n]) => n > 0)
    .map(([name, n]) =>
      name === 'smoke' || name === 'bugs' || name === 'production'
        ? sayBoard(`loops_${name}`, p.locale, { n })
        : sayBoard('loops_other', p.locale, { name, n }),
    );
  return parts.length ? parts.join(p.locale === 'zh-CN' ? '，' : ', ') : '—';
}

/** Checklist ticks of a stage, in the checklist's order: each item, its owner, who ticked it and when. */
function checklistTable(facts: ReleaseFacts, stageId: string, p: PresentContext): DocTable | undefined {
  const stage = facts.stage(stageId);
  if (!stage?.checklist) return undefined;
  const ticks = new Map<string, AuditEvent>();
  for (const e of facts.events)
    if (e.what === 'tick' && e.stageBefore === stageId) ticks.set(String(e.data?.item), e);
  return {
    head: [
      sayBoard('f_step', p.locale),
      sayBoard('f_owner', p.locale),
      sayBoard('f_done_by', p.locale),
      sayBoard('f_at', p.locale),
    ],
    rows: stage.checklist.items.map((item) => {
      const tick = ticks.get(item.id);
      return [
        text(itemLabel(p, item.id)),
        text(roleName(p, item.owner)),
        text(tick ? p.directory.displayName(tick.actor.person) : '—'),
        text(tick ? time(p, tick.at) : '—'),
      ];
    }),
  };
}

/** The latest inputs of each step taken before the launch (the application's particulars). */
function applicationRows(facts: ReleaseFacts, p: PresentContext): ShownRow[] {
  const skip = new Set(['test_report', 'bugs', 'smoke_failures', 'problems', 'known_issues']);
  const latest = new Map<string, AuditEvent>();
  for (const e of facts.events) {
    const action = facts.actionOf(e);
    if (!action || !facts.beforeLaunch(e) || action.launch || action.loop) continue;
    if (action.record && skip.has(action.record)) continue;
    if (e.data && Object.keys(e.data).length) latest.set(action.id, e);
  }
  return [...latest.values()].flatMap((e) => showValues(p, actionInputs(p, e.what), e.data ?? {}));
}

function launchApplication(facts: ReleaseFacts, p: PresentContext): ReleaseDocument {
  const { release } = facts;
  const sections: DocSection[] = [basics(release, p)];
  // Title, system and window head the form already (basics).
  const answers = p.flow.form.filter(
    (f) => !['title', 'system', 'window_start', 'window_end'].includes(f.id),
  );
  sections.push({
    title: sayBoard('sec_application', p.locale),
    rows: [
      ...showValues(
        p,
        answers,
        pick(
          release.fields,
          answers.map((f) => f.id),
        ),
      ),
      ...applicationRows(facts, p),
    ],
  });
  for (const stage of p.flow.stages) {
    const table =
      stage.checklist && !stage.actions.some((a) => a.launch)
        ? checklistTable(facts, stage.id, p)
        : undefined;
    if (table) sections.push({ title: localize(stage.title, p.locale), table });
  }
  const report = release.records.test_report?.at(-1);
  sections.push({
    title: sayBoard('sec_test_report', p.locale),
    ...(report
      ? {
          rows: showValues(
            p,
            p.flow.stages.flatMap((s) => s.actions).find((a) => a.record === 'test_report')?.input ?? [],
            report.values,
          ),
        }
      : { note: sayBoard('no_test_report', p.locale) }),
  });
  const gates = p.flow.stages.filter((s) => s.gate);
  const until = facts.launch?.seq;
  const signatures: Signature[] = [];
  const earlier: Signature[] = [];
  for (const g of gates) {
    const rounds = gateRounds(facts, g.id, until);
    const firstSeq = rounds.last[0]?.seq ?? rounds.earlier[0]?.seq;
    if (firstSeq === undefined || (until !== undefined && firstSeq > until)) continue;
    signatures.push(...rounds.last.map((e) => signature(facts, e, p)));
    earlier.push(...rounds.earlier.map((e) => signature(facts, e, p)));
  }
  return {
    kind: 'launch-application',
    title: sayBoard('doc_launch_application', p.locale),
    sections,
    signatures,
    pending: facts.launch ? [] : pendingAtGate(release, p),
    earlier,
  };
}

function testReport(facts: ReleaseFacts, p: PresentContext): ReleaseDocument {
  const { release } = facts;
  const testers = release.people.tester ?? [];
  const sections: DocSection[] = [
    basics(release, p, [
      ...(testers.length
        ? [
            {
              label: roleName(p, 'tester'),
              value: text(
                testers.map((x) => p.directory.displayName(x)).join(p.locale === 'zh-CN' ? '、' : ', '),
              ),
            },
          ]
        : []),
      { label: sayBoard('f_loops', p.locale), value: text(loopsText(release, p)) },
    ]),
  ];
  const reportAction = p.flow.stages.flatMap((s) => s.actions).find((a) => a.record === 'test_report');
  const report = release.records.test_report?.at(-1);
  sections.push({
    title: sayBoard('sec_report_body', p.locale),
    ...(report && reportAction
      ? {
          rows: [
            ...showValues(p, reportAction.input, report.values),
            {
              label: sayBoard('f_by', p.locale),
              value: text(`${p.directory.displayName(report.by)} · ${time(p, report.at)}`),
            },
          ],
        }
      : { note: sayBoard('no_test_report', p.locale) }),
  });
  const history: DocTable[] = [];
  for (const record of ['smoke_failures', 'bugs', 'problems']) {
    const table = recordTable(release, record, p);
    if (table) history.push(table);
  }
  for (const table of history) sections.push({ title: sayBoard('sec_test_history', p.locale), table });
  if (!history.length)
    sections.push({ title: sayBoard('sec_test_history', p.locale), note: sayBoard('none_yet', p.locale) });
  const known = recordTable(release, 'known_issues', p);
  if (known) sections.push({ title: sayBoard('sec_known_issues', p.locale), table: known });
  const signatures: Signature[] = [];
  const filed = facts.events.filter((e) => facts.actionOf(e)?.record === 'test_report').at(-1);
  if (filed) signatures.push(signature(facts, filed, p));
  for (const e of facts.events)
    if (facts.beforeLaunch(e) && facts.actionOf(e)?.executiveOnly) signatures.push(signature(facts, e, p));
  for (const g of p.flow.stages.filter((s) => s.gate?.approvers.includes('tester'))) {
    const rounds = gateRounds(facts, g.id, facts.launch?.seq);
    signatures.push(
      ...rounds.last.filter((e) => facts.rolesOf(e).includes('tester')).map((e) => signature(facts, e, p)),
    );
  }
  return {
    kind: 'test-report',
    title: sayBoard('doc_test_report', p.locale),
    sections,
    signatures,
    pending: pendingAtGate(release, p).filter((x) => x.role === roleName(p, 'tester')),
    earlier: [],
  };
}

/**
 * The deployments pipelines reported, as a table (when, pipeline, status, version, link, notes): on the
 * launch report and the release's page. Undefined when none was reported.
 */
export function deploymentsTable(facts: ReleaseFacts, p: PresentContext): DocTable | undefined {
  if (!facts.deployments.length) return undefined;
  return {
    head: [
      sayBoard('f_at', p.locale),
      sayBoard('f_pipeline', p.locale),
      sayBoard('f_deploy_status', p.locale),
      sayBoard('f_version', p.locale),
      sayBoard('f_deploy_notes', p.locale),
    ],
    rows: facts.deployments.map((d) => [
      text(time(p, d.at)),
      text(p.directory.displayName(d.by)),
      text(deploymentStatus(d.status, p.locale)),
      d.version && d.url
        ? [{ text: d.version, href: d.url }]
        : d.url
          ? [{ text: d.url, href: d.url }]
          : text(d.version ?? '—'),
      text(d.notes ?? '—'),
    ]),
  };
}

function deploymentsSection(facts: ReleaseFacts, p: PresentContext): DocSection[] {
  const table = deploymentsTable(facts, p);
  return table ? [{ title: sayBoard('sec_deployments', p.locale), table }] : [];
}

function launchReport(facts: ReleaseFacts, p: PresentContext): ReleaseDocument {
  const { release, launch } = facts;
  const extra: ShownRow[] = [];
  if (launch) {
    extra.push({ label: sayBoard('f_launched', p.locale), value: text(time(p, launch.at)) });
    extra.push({
      label: sayBoard('f_launched_by', p.locale),
      value: text(p.directory.displayName(launch.actor.person)),
    });
  }
  if (release.freezeBypass)
    extra.push({
      label: sayBoard('f_freeze_bypass', p.locale),
      value: text(time(p, release.freezeBypass.at)),
    });
  const sections: DocSection[] = [basics(release, p, extra)];
  if (!launch) {
    sections.push({ title: sayBoard('sec_launch', p.locale), note: sayBoard('not_launched', p.locale) });
    // Failed attempts are part of the record even before anything went live.
    sections.push(...deploymentsSection(facts, p));
    return {
      kind: 'launch-report',
      title: sayBoard('doc_launch_report', p.locale),
      sections,
      signatures: [],
      pending: [],
      earlier: [],
    };
  }
  const launchStage = p.flow.stages.find((s) => s.actions.some((a) => a.launch));
  const runbook = launchStage ? checklistTable(facts, launchStage.id, p) : undefined;
  if (runbook) sections.push({ title: sayBoard('sec_runbook', p.locale), table: runbook });
  const launchInputs = showValues(p, actionInputs(p, launch.what), launch.data ?? {}).filter(
    (r) => r.label !== 'freezeBypass',
  );
  if (launchInputs.length) sections.push({ title: sayBoard('sec_launch', p.locale), rows: launchInputs });
  sections.push(...deploymentsSection(facts, p));
  const after = facts.events.filter((e) => e.seq > launch.seq);
  const steps = after.filter(
    (e) =>
      (facts.actionOf(e) && !facts.actionOf(e)?.loop && e.actor.person !== 'system') ||
      (facts.actionOf(e) && !facts.actionOf(e)?.loop && e.what !== launch.what),
  );
  sections.push({
    title: sayBoard('sec_verification', p.locale),
    ...(steps.length
      ? {
          table: {
            head: [sayBoard('f_step', p.locale), sayBoard('f_done_by', p.locale), sayBoard('f_at', p.locale)],
            rows: steps.map((e) => [
              text(actionLabel(p, e.what)),
              text(
                e.actor.person === 'system'
                  ? say('system_name', p.locale)
                  : p.directory.displayName(e.actor.person),
              ),
              text(time(p, e.at)),
            ]),
          },
        }
      : { note: sayBoard('none_yet', p.locale) }),
  });
  const problems = after.filter((e) => facts.isProblem(e));
  sections.push({
    title: sayBoard('sec_problems', p.locale),
    ...(problems.length
      ? {
          table: {
            head: [
              sayBoard('f_at', p.locale),
              sayBoard('f_by', p.locale),
              localize(facts.actionOf(problems[0] as AuditEvent)?.label ?? p.flow.title, p.locale),
              sayBoard('f_restored', p.locale),
            ],
            rows: problems.map((e) => {
              const restored = facts.restoredAt(e);
              const details = showValues(p, actionInputs(p, e.what), e.data ?? {}).flatMap((r) => r.value);
              return [
                text(time(p, e.at)),
                text(p.directory.displayName(e.actor.person)),
                details.length ? details : text(e.comment ?? '—'),
                text(
                  restored
                    ? formatDuration(Date.parse(restored) - Date.parse(e.at), p.locale)
                    : sayBoard('f_not_restored', p.locale),
                ),
              ];
            }),
          },
        }
      : { note: sayBoard('none_yet', p.locale) }),
  });
  const signatures = [signature(facts, launch, p)];
  for (const g of p.flow.stages.filter((s) => s.gate)) {
    const rounds = gateRounds(facts, g.id);
    signatures.push(...rounds.last.filter((e) => e.seq > launch.seq).map((e) => signature(facts, e, p)));
  }
  signatures.push(...steps.filter((e) => e.actor.person !== 'system').map((e) => signature(facts, e, p)));
  signatures.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    kind: 'launch-report',
    title: sayBoard('doc_launch_report', p.locale),
    sections,
    signatures,
    pending: pendingAtGate(release, p),
    earlier: [],
  };
}

/** Builds one of a release's documents from its answers and its audit trail. */
export function buildDocument(
  kind: DocumentKind,
  release: Release,
  events: readonly AuditEvent[],
  p: PresentContext,
): ReleaseDocument {
  const facts = releaseFacts(release, events, p);
  if (kind === 'launch-application') return launchApplication(facts, p);
  if (kind === 'test-report') return testReport(facts, p);
  return launchReport(facts, p);
}
