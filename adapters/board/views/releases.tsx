import type { PresentContext } from '../../../src/conversation/present/context.js';
import { stageTitle } from '../../../src/conversation/present/context.js';
import type { Release } from '../../../src/domain/types.js';
import type { FlowSpec } from '../../../src/flow/schema.js';
import { say } from '../../../src/i18n/say.js';
import { localize } from '../../../src/i18n/text.js';
import { tr } from '../texts.js';
import type { TimeFormat } from './format.js';
import type { PageContext } from './page.js';

/** The list's filters as the form shows them (strings from the query). */
export interface ListFilters {
  q: string;
  status: string;
  system: string;
  flow: string;
  requester: string;
  approver: string;
  date: 'created' | 'launched';
  from: string;
  to: string;
}

export interface ListRow {
  release: Release;
  present: PresentContext;
}

export interface ReleaseListProps {
  ctx: PageContext;
  filters: ListFilters;
  rows: ListRow[];
  total: number;
  /** More match than were counted: the total reads "1,000+". */
  capped: boolean;
  /** Query string of the next page, if any. */
  olderHref?: string;
  newestHref?: string;
  flows: readonly FlowSpec[];
  people: { id: string; name: string }[];
  time: TimeFormat;
}

const STATUSES = ['active', 'done', 'rejected', 'withdrawn', 'cancelled'] as const;

function Select(props: {
  name: string;
  label: string;
  value: string;
  any: string;
  options: { value: string; label: string }[];
}) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function windowText(r: Release, time: TimeFormat): string {
  const start = r.window?.start ?? r.window?.end;
  const end = r.window?.end;
  if (!start) return '—';
  return end && end !== start ? `${time.short(start)} – ${time.short(end)}` : time.short(start);
}

function Row({ row, time, ctx }: { row: ListRow; time: TimeFormat; ctx: PageContext }) {
  const { release: r, present: p } = row;
  const active = r.status === 'active';
  const awaiting = r.awaiting
    .map((x) => p.directory.displayName(x))
    .join(ctx.locale === 'zh-CN' ? '、' : ', ');
  return (
    <tr class={`status-${r.status}`}>
      <td>
        <a href={`/board/releases/${r.id}`} class="rel-id">
          {r.id}
        </a>{' '}
        <span class="title">{r.title}</span>
        <div class="sub">
          {r.system} · {localize(p.flow.title, ctx.locale)}
        </div>
      </td>
      <td>
        {active ? (
          stageTitle(p, r.stage)
        ) : (
          <span class={`badge ${r.status}`}>{say(`status_${r.status}`, ctx.locale)}</span>
        )}
      </td>
      <td class="nowrap">{windowText(r, time)}</td>
      <td>{active && awaiting ? awaiting : '—'}</td>
      <td class="nowrap">{active && r.awaiting.length ? time.since(r.stageEnteredAt) : '—'}</td>
      <td>{p.directory.displayName(r.requester)}</td>
      <td class="nowrap">{time.short(r.createdAt)}</td>
    </tr>
  );
}

/** The releases page: a search and filter form, the matching releases newest first, a page at a time. */
export function ReleaseList(props: ReleaseListProps) {
  const { ctx, filters: f } = props;
  const l = ctx.locale;
  const any = tr(l, 'any');
  const people = props.people.map((x) => ({ value: x.id, label: x.name }));
  return (
    <>
      <h1>{tr(l, 'releases_title')}</h1>
      <form method="get" action="/board/releases" class="filters">
        <label class="wide">
          {tr(l, 'search')}
          <input type="search" name="q" value={f.q} placeholder={tr(l, 'search_placeholder')} />
        </label>
        <Select
          name="status"
          label={tr(l, 'f_status')}
          value={f.status}
          any={any}
          options={STATUSES.map((s) => ({ value: s, label: say(`status_${s}`, l) }))}
        />
        <label>
          {tr(l, 'f_system')}
          <input type="text" name="system" value={f.system} />
        </label>
        <Select
          name="flow"
          label={tr(l, 'f_flow')}
          value={f.flow}
          any={any}
          options={props.flows.map((x) => ({ value: x.id, label: localize(x.title, l) }))}
        />
        <Select
          name="requester"
          label={tr(l, 'f_requester')}
          value={f.requester}
          any={any}
          options={people}
        />
        <Select name="approver" label={tr(l, 'f_approver')} value={f.approver} any={any} options={people} />
        <label>
          {tr(l, 'f_date')}
          <select name="date">
            <option value="created" selected={f.date === 'created'}>
              {tr(l, 'f_created')}
            </option>
            <option value="launched" selected={f.date === 'launched'}>
              {tr(l, 'f_launched')}
            </option>
          </select>
        </label>
        <label>
          {tr(l, 'f_from')}
          <input type="date" name="from" value={f.from} />
        </label>
        <label>
          {tr(l, 'f_to')}
          <input type="date" name="to" value={f.to} />
        </label>
        <div class="buttons">
          <button type="submit">{tr(l, 'apply')}</button>
          <a href="/board/releases">{tr(l, 'clear')}</a>
        </div>
      </form>
      <p class="count">
        {tr(l, 'count', { total: `${props.total.toLocaleString(l)}${props.capped ? '+' : ''}` })}
      </p>
      {props.rows.length ? (
        <table class="list">
          <thead>
            <tr>
              <th>{tr(l, 'col_release')}</th>
              <th>{tr(l, 'col_stage')}</th>
              <th>{tr(l, 'col_window')}</th>
              <th>{tr(l, 'col_awaiting')}</th>
              <th>{tr(l, 'col_for')}</th>
              <th>{tr(l, 'col_requester')}</th>
              <th>{tr(l, 'col_created')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <Row key={row.release.id} row={row} time={props.time} ctx={ctx} />
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">{tr(l, 'none_found')}</p>
      )}
      <nav class="pager">
        {props.newestHref && <a href={props.newestHref}>{tr(l, 'newest')}</a>}
        {props.olderHref && (
          <a href={props.olderHref} rel="next">
            {tr(l, 'older')}
          </a>
        )}
      </nav>
    </>
  );
}
