import type { DocTable, DocumentKind } from '../../../src/board/documents.js';
import type { Shown } from '../../../src/board/shown.js';
import { roleName, teamName } from '../../../src/board/shown.js';
import { sayBoard } from '../../../src/board/texts.js';
import type { ChainCheck, TimelineEntry } from '../../../src/board/timeline.js';
import type { PresentContext } from '../../../src/conversation/present/context.js';
import { stageTitle } from '../../../src/conversation/present/context.js';
import type { Release } from '../../../src/domain/types.js';
import { say } from '../../../src/i18n/say.js';
import { localize } from '../../../src/i18n/text.js';
import { tr } from '../texts.js';
import type { TimeFormat } from './format.js';
import type { PageContext } from './page.js';

export interface ReleasePageProps {
  ctx: PageContext;
  release: Release;
  present: PresentContext;
  entries: TimelineEntry[];
  chain: ChainCheck;
  time: TimeFormat;
  /** Deployments pipelines reported; undefined when none was. */
  deployments: DocTable | undefined;
}

/** Pieces of a value: links as links, several lines kept. */
export function ShownValue({ value }: { value: Shown[] }) {
  return (
    <>
      {value.map((v, i) =>
        v.href ? (
          <a key={i} href={v.href} rel="noopener noreferrer">
            {v.text}
          </a>
        ) : (
          <span key={i} class={v.multiline || v.text.includes('\n') ? 'multiline' : undefined}>
            {v.text}
          </span>
        ),
      )}
    </>
  );
}

/** A table of values (a document's, or the deployments on a release's page). */
export function CellTable({ table, class: cls }: { table: DocTable; class: string }) {
  return (
    <table class={cls}>
      <thead>
        <tr>
          {table.head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, j) => (
          <tr key={j}>
            {row.map((cell, k) => (
              <td key={k}>
                <ShownValue value={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The chain's verdict, as a banner: ✓, or ✗ with the first event that fails. */
export function ChainBanner({ chain, ctx }: { chain: ChainCheck; ctx: PageContext }) {
  if (chain.ok)
    return (
      <p class="chain ok" data-chain="ok">
        {tr(ctx.locale, 'chain_ok', { count: chain.count })}
      </p>
    );
  return (
    <p class="chain broken" data-chain="broken" data-seq={chain.seq}>
      {tr(ctx.locale, 'chain_broken', {
        seq: chain.seq,
        problem: tr(ctx.locale, `problem_${chain.problem}`),
      })}
    </p>
  );
}

const DOCS: {
  kind: DocumentKind;
  key: 'doc_launch_application' | 'doc_test_report' | 'doc_launch_report';
}[] = [
  { kind: 'launch-application', key: 'doc_launch_application' },
  { kind: 'test-report', key: 'doc_test_report' },
  { kind: 'launch-report', key: 'doc_launch_report' },
];

export function ReleasePage(props: ReleasePageProps) {
  const { ctx, release: r, present: p, time } = props;
  const l = ctx.locale;
  const join = (names: string[]) => names.join(l === 'zh-CN' ? '、' : ', ');
  const decisions = props.entries.filter((e) => e.event === 'approve' || e.event === 'reject');
  const broken = props.chain.ok ? undefined : props.chain.seq;
  const facts: [string, string][] = [
    [sayBoard('f_system', l), r.system || '—'],
    [sayBoard('f_flow', l), `${localize(p.flow.title, l)} v${r.flowVersion}`],
    [sayBoard('f_requester', l), p.directory.displayName(r.requester)],
    ...(r.team ? ([[sayBoard('f_team', l), teamName(p, r.team) ?? r.team]] as [string, string][]) : []),
    [sayBoard('f_created', l), time.full(r.createdAt)],
  ];
  if (r.window?.start || r.window?.end) {
    const s = r.window.start ? time.full(r.window.start) : '';
    const e = r.window.end ? time.full(r.window.end) : '';
    facts.push([
      sayBoard('f_window', l),
      s && e ? sayBoard('window_range', l, { start: s, end: e }) : s || e,
    ]);
  }
  if (r.launchedAt) facts.push([sayBoard('f_launched', l), time.full(r.launchedAt)]);
  if (r.freezeBypass) facts.push([sayBoard('f_freeze_bypass', l), time.full(r.freezeBypass.at)]);
  const loops = Object.entries(r.loops).filter(([, n]) => n > 0);
  return (
    <>
      <p class="crumbs">
        <a href="/board/releases">{tr(l, 'back_to_list')}</a>
      </p>
      <h1>
        <span class="rel-id">{r.id}</span> {r.title}
      </h1>
      <p class="state">
        <span class={`badge ${r.status}`}>{say(`status_${r.status}`, l)}</span>{' '}
        {r.status === 'active' && <strong>{stageTitle(p, r.stage)}</strong>}
        {r.status === 'active' && r.awaiting.length > 0 && (
          <span class="awaiting">
            {' '}
            ·{' '}
            {tr(l, 'awaiting_since', {
              names: join(r.awaiting.map((x) => p.directory.displayName(x))),
              time: time.short(r.stageEnteredAt),
              for: time.since(r.stageEnteredAt),
            })}
          </span>
        )}
      </p>
      <ChainBanner chain={props.chain} ctx={ctx} />
      <div class="columns">
        <section>
          <dl class="facts">
            {facts.map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </>
            ))}
          </dl>
        </section>
        <section>
          <h2>{tr(l, 'documents')}</h2>
          <ul class="docs">
            {DOCS.map((d) => (
              <li key={d.kind}>
                {sayBoard(d.key, l)} ·{' '}
                <a href={`/board/releases/${r.id}/documents/${d.kind}?lang=zh-CN`} lang="zh-CN">
                  中文
                </a>{' '}
                ·{' '}
                <a href={`/board/releases/${r.id}/documents/${d.kind}?lang=en`} lang="en">
                  English
                </a>
              </li>
            ))}
          </ul>
          <h2>{tr(l, 'loops')}</h2>
          {loops.length ? (
            <ul class="loops">
              {loops.map(([name, n]) => (
                <li key={name}>
                  {name === 'smoke' || name === 'bugs' || name === 'production'
                    ? sayBoard(`loops_${name}`, l, { n })
                    : sayBoard('loops_other', l, { name, n })}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{tr(l, 'no_loops')}</p>
          )}
          <h2>{tr(l, 'deployments')}</h2>
          {props.deployments ? (
            <CellTable table={props.deployments} class="list deployments" />
          ) : (
            <p class="muted">{tr(l, 'no_deployments')}</p>
          )}
        </section>
      </div>
      <h2>{tr(l, 'approvals')}</h2>
      {decisions.length || r.gate?.slots.some((s) => !s.decision) ? (
        <ul class="approvals">
          {decisions.map((e) => (
            <li key={e.seq} class={e.event}>
              <strong>{e.who}</strong> {e.what} · {time.full(e.at)}
              {e.stage && <span class="muted"> · {e.stage}</span>}
              {e.comment && <q>{e.comment}</q>}
            </li>
          ))}
          {r.status === 'active' &&
            r.gate?.slots
              .filter((s) => !s.decision)
              .map((s) => (
                <li key={`${s.person}-${s.role}`} class="pending">
                  <strong>{p.directory.displayName(s.person)}</strong> ({roleName(p, s.role)}) ·{' '}
                  {tr(l, 'gate_pending')}
                </li>
              ))}
        </ul>
      ) : (
        <p class="muted">—</p>
      )}
      <h2>{tr(l, 'timeline')}</h2>
      <table class="timeline">
        <thead>
          <tr>
            <th>#</th>
            <th>{tr(l, 'col_time')}</th>
            <th>{tr(l, 'col_who')}</th>
            <th>{tr(l, 'col_what')}</th>
            <th>{tr(l, 'col_comment')}</th>
            <th>{tr(l, 'col_stage_change')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.seq} id={`event-${e.seq}`} class={`${e.kind}${broken === e.seq ? ' broken' : ''}`}>
              <td class="seq">
                {e.seq}
                {broken === e.seq && <span class="broken-mark"> ✗ {tr(l, 'broken_here')}</span>}
              </td>
              <td class="nowrap">{time.full(e.at)}</td>
              <td>
                {e.who} <small class="muted">{tr(l, `platform_${e.platform}` as 'platform_slack')}</small>
              </td>
              <td>{e.what}</td>
              <td>
                {e.comment && <q>{e.comment}</q>}
                {e.details.length > 0 && (
                  <dl class="details">
                    {e.details.map((d) => (
                      <>
                        <dt>{d.label}</dt>
                        <dd>
                          <ShownValue value={d.value} />
                        </dd>
                      </>
                    ))}
                  </dl>
                )}
              </td>
              <td>{e.from ? `${e.from} → ${e.to}` : e.to ? `→ ${e.to}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
