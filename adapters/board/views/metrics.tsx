import type { MetricsReport, WeekFigures } from '../../../src/board/metrics.js';
import { tr } from '../texts.js';
import type { TimeFormat } from './format.js';
import type { PageContext } from './page.js';

export interface MetricsPageProps {
  ctx: PageContext;
  report: MetricsReport;
  /** Rendered SVG charts (server-side), by what they show. */
  charts: { launched: string; lead: string; failure: string; restore: string; wait: string };
  form: { weeks: number; by: 'team' | 'system'; team: string; system: string };
  teams: { id: string; name: string }[];
  groupName: (g: string) => string;
  time: TimeFormat;
}

function sum(list: WeekFigures[], f: (w: WeekFigures) => number) {
  return list.reduce((n, w) => n + f(w), 0);
}

/** A chart's SVG, drawn by ECharts on the server from numbers and labels it escapes (the one markup not made here). */
function Chart({ title, svg }: { title: string; svg: string }) {
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="svg" dangerouslySetInnerHTML={{ __html: svg }} />
    </figure>
  );
}

/** The metrics page: weekly figures per team or system as charts, and a table of the period's totals. */
export function MetricsPage(props: MetricsPageProps) {
  const { ctx, report, form } = props;
  const l = ctx.locale;
  const rows = report.groups.map((g) => ({ g, list: report.byGroup.get(g) ?? [] }));
  const pct = (failed: number, changes: number) =>
    changes ? `${Math.round((100 * failed) / changes)}%` : '—';
  return (
    <>
      <h1>{tr(l, 'metrics_title')}</h1>
      <form method="get" action="/board/metrics" class="filters">
        <label>
          {tr(l, 'col_week')}
          <select name="weeks">
            {[4, 8, 12, 26].map((n) => (
              <option key={n} value={n} selected={n === form.weeks}>
                {tr(l, 'weeks', { n })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr(l, 'col_group')}
          <select name="by">
            <option value="team" selected={form.by === 'team'}>
              {tr(l, 'by_team')}
            </option>
            <option value="system" selected={form.by === 'system'}>
              {tr(l, 'by_system')}
            </option>
          </select>
        </label>
        <label>
          {tr(l, 'by_team')}
          <select name="team">
            <option value="">{tr(l, 'any')}</option>
            {props.teams.map((t) => (
              <option key={t.id} value={t.id} selected={t.id === form.team}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr(l, 'f_system')}
          <input type="text" name="system" value={form.system} />
        </label>
        <div class="buttons">
          <button type="submit">{tr(l, 'apply')}</button>
        </div>
      </form>
      <div class="charts">
        <Chart title={tr(l, 'm_launched')} svg={props.charts.launched} />
        <Chart title={tr(l, 'm_lead')} svg={props.charts.lead} />
        <Chart title={tr(l, 'm_failure')} svg={props.charts.failure} />
        <Chart title={tr(l, 'm_restore')} svg={props.charts.restore} />
        <Chart title={tr(l, 'm_wait')} svg={props.charts.wait} />
      </div>
      <h2>{tr(l, 'weeks', { n: report.weeks.length })}</h2>
      {rows.length ? (
        <table class="list metrics-table">
          <thead>
            <tr>
              <th>{tr(l, 'col_group')}</th>
              <th>{tr(l, 'm_launched')}</th>
              <th>{tr(l, 'm_failure')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ g, list }) => (
              <tr key={g}>
                <td>{props.groupName(g)}</td>
                <td>{sum(list, (w) => w.launched)}</td>
                <td>
                  {pct(
                    sum(list, (w) => w.failedChanges),
                    sum(list, (w) => w.changes),
                  )}
                </td>
              </tr>
            ))}
            <tr class="total">
              <td>{tr(l, 'all_groups')}</td>
              <td>{sum(report.total, (w) => w.launched)}</td>
              <td>
                {pct(
                  sum(report.total, (w) => w.failedChanges),
                  sum(report.total, (w) => w.changes),
                )}
              </td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p class="muted">{tr(l, 'no_data')}</p>
      )}
    </>
  );
}
