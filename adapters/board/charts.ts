/**
 * Charts as SVG rendered on the server with Apache ECharts (its documented server-side rendering:
 * `ssr: true`, `renderToSVGString`), so the metrics page needs no script in the browser. ECharts escapes
 * the text it draws (team and system names come from people). Loaded on first use: the listener starts
 * without it.
 */
type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | undefined;
const echarts = () => {
  loaded ??= import('echarts');
  return loaded;
};

export interface Series {
  name: string;
  data: (number | null)[];
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  categories: string[];
  series: Series[];
  /** Bars of each category stacked into one. */
  stacked?: boolean;
  /** What the values are (shown on the axis): "hours", "%". */
  unit?: string;
  width?: number;
  height?: number;
}

const PALETTE = ['#2f6fde', '#e8833a', '#3aa36b', '#c0392b', '#8e44ad', '#16a2b8', '#7f8c8d', '#d4ac0d'];

export async function renderChart(spec: ChartSpec): Promise<string> {
  const e = await echarts();
  const chart = e.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width ?? 640,
    height: spec.height ?? 280,
  });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: {
        fontFamily: 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
      },
      grid: { left: 48, right: 16, top: 36, bottom: 36 },
      legend: { top: 4, type: 'plain', textStyle: { fontSize: 11 } },
      xAxis: { type: 'category', data: spec.categories, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', name: spec.unit ?? '', nameTextStyle: { fontSize: 10 }, minInterval: 1 },
      series: spec.series.map((s) => ({
        name: s.name,
        type: spec.kind,
        data: s.data,
        ...(spec.stacked ? { stack: 'all' } : {}),
        ...(spec.kind === 'line' ? { connectNulls: true, symbolSize: 5 } : { barMaxWidth: 28 }),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
