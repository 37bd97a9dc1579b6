import type { FastifyInstance } from 'fastify';
import type { MetricsReport, WeekFigures } from '../../src/board/metrics.js';
import type { BoardReader } from '../../src/board/reader.js';
import { localize } from '../../src/i18n/text.js';
import { formatDay } from '../../src/time/format.js';
import { renderChart } from './charts.js';
import { pageContext, param, sendPage, timeOf } from './request.js';
import { tr } from './texts.js';
import { MetricsPage } from './views/metrics.js';
import { renderPage } from './views/page.js';

const hours = (ms: number | undefined) => (ms === undefined ? null : Math.round((ms / 3_600_000) * 10) / 10);
const WEEK_CHOICES = [4, 8, 12, 26];

/** The five charts of a report, as SVG. */
async function chartsOf(
  report: MetricsReport,
  l: 'zh-CN' | 'en',
  tz: string,
  groupName: (g: string) => string,
) {
  const categories = report.weeks.map((w) =>
    formatDay(w.start.toISOString(), tz, l).replace(/^\d{4}年|\s\d{4}$/, ''),
  );
  const series = (f: (w: WeekFigures) => number | null) => report.total.map(f);
  const stages = [...new Set(report.total.flatMap((w) => Object.keys(w.approvalWaitMedianMs)))].sort();
  const unit = tr(l, 'hours');
  return {
    launched: await renderChart({
      kind: 'bar',
      categories,
      stacked: true,
      series: report.groups.map((g) => ({
        name: groupName(g),
        data: (report.byGroup.get(g) ?? []).map((w) => w.launched),
      })),
    }),
    lead: await renderChart({
      kind: 'line',
      categories,
      unit,
      series: [
        { name: tr(l, 'median'), data: series((w) => hours(w.leadTimeMedianMs)) },
        { name: tr(l, 'p90'), data: series((w) => hours(w.leadTimeP90Ms)) },
      ],
    }),
    failure: await renderChart({
      kind: 'line',
      categories,
      unit: '%',
      series: [
        {
          name: tr(l, 'all_groups'),
          data: series((w) => (w.changes ? Math.round((100 * w.failedChanges) / w.changes) : null)),
        },
        ...report.groups.map((g) => ({
          name: groupName(g),
          data: (report.byGroup.get(g) ?? []).map((w) =>
            w.changes ? Math.round((100 * w.failedChanges) / w.changes) : null,
          ),
        })),
      ],
    }),
    restore: await renderChart({
      kind: 'bar',
      categories,
      unit,
      series: [{ name: tr(l, 'median'), data: series((w) => hours(w.restoreMedianMs)) }],
    }),
    wait: await renderChart({
      kind: 'line',
      categories,
      unit,
      series: stages.map((s) => ({ name: s, data: series((w) => hours(w.approvalWaitMedianMs[s])) })),
    }),
  };
}

/** `/board/metrics?weeks=12&by=team|system&team=&system=`: weekly delivery metrics with charts. */
export function registerMetrics(board: FastifyInstance, reader: BoardReader): void {
  board.get('/metrics', async (req, reply) => {
    const viewer = req.viewer;
    if (!viewer) return reply.code(401).send();
    const l = req.locale;
    const weeks = WEEK_CHOICES.includes(Number(param(req, 'weeks'))) ? Number(param(req, 'weeks')) : 12;
    const by = param(req, 'by') === 'system' ? 'system' : 'team';
    const team = reader.config.teams.some((t) => t.id === param(req, 'team')) ? param(req, 'team') : '';
    const system = param(req, 'system');
    const report = await reader.metrics(
      viewer,
      weeks,
      by,
      { ...(team ? { team } : {}), ...(system ? { system } : {}) },
      l,
    );
    const teams = reader.config.teams.map((t) => ({ id: t.id, name: localize(t.name, l) }));
    const groupName = (g: string) =>
      by === 'team' ? (teams.find((t) => t.id === g)?.name ?? (g || tr(l, 'no_team'))) : g || '—';
    const charts = await chartsOf(report, l, reader.config.timezone, groupName);
    const ctx = pageContext(req, reader, 'metrics');
    const html = renderPage(
      ctx,
      tr(l, 'metrics_title'),
      <MetricsPage
        ctx={ctx}
        report={report}
        charts={charts}
        form={{ weeks, by, team, system }}
        teams={teams}
        groupName={groupName}
        time={timeOf(req, reader)}
      />,
    );
    return sendPage(reply, html);
  });
}
