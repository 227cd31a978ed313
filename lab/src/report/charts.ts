// The report's charts, rendered on the server to inline SVG by echarts (SSR mode, no DOM, no scripts).
// All four share one time axis (seconds since the run started) and mark the scale events on it.
import * as echarts from 'echarts';
import type { ScaleEventRecord } from '../results/results.types';
import type { ReportModel } from './report-model';

export interface Chart {
  /** File-name stem under charts/, e.g. `latency`. */
  id: string;
  title: string;
  /** Text alternative: what the chart shows, for readers without SVG and for report.md. */
  alt: string;
  svg: string;
}

type Point = [number, number | null];

const WIDTH = 900;
const HEIGHT = 240;

function scaleMarks(events: readonly ScaleEventRecord[]): echarts.MarkLineComponentOption {
  const marks = events
    .filter((event) => event.kind === 'scale-up' || event.kind === 'scale-down')
    .map((event) => ({
      xAxis: event.elapsedSeconds,
      label: {
        formatter: `${event.kind === 'scale-up' ? '↑' : '↓'}${event.to ?? ''}`,
        position: 'end' as const,
      },
    }));
  return { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#888' }, data: marks };
}

function render(option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    // An opaque background keeps the SVG files readable in dark-themed Markdown viewers.
    chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function timeChart(
  xMax: number,
  marks: echarts.MarkLineComponentOption,
  yAxes: echarts.YAXisComponentOption[],
  series: echarts.LineSeriesOption[],
): string {
  const [first, ...rest] = series;
  return render({
    grid: { left: 60, right: 60, top: 40, bottom: 44 },
    legend: { top: 0 },
    xAxis: {
      type: 'value',
      min: 0,
      max: xMax,
      name: 'seconds since start',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: yAxes,
    series: [{ ...first, markLine: marks }, ...rest].map((entry) => ({ showSymbol: false, ...entry })),
  });
}

export function renderCharts(model: ReportModel): Chart[] {
  const { load, capacity, scaleEvents, summary } = model;
  const lastSecond = Math.max(
    summary.durationSeconds ?? 0,
    ...load.map((point) => point.t),
    ...capacity.map((point) => point.t),
  );
  // A round end (next multiple of 10 s) keeps echarts' last tick label from colliding with its neighbour.
  const xMax = Math.max(10, Math.ceil(lastSecond / 10) * 10);
  const marks = scaleMarks(scaleEvents);
  const loadSeries = (pick: (point: (typeof load)[number]) => number | null): Point[] =>
    load.map((point) => [point.t, pick(point)]);
  const capacitySeries = (pick: (point: (typeof capacity)[number]) => number | null): Point[] =>
    capacity.map((point) => [point.t, pick(point)]);
  const ms: echarts.YAXisComponentOption = { type: 'value', name: 'ms' };
  const podsAxisMax = Math.max(
    1,
    summary.maxReplicas,
    ...capacity.map((point) => Math.max(point.ready, point.desired)),
  );
  const utilizationAxisMax = Math.max(100, Math.ceil((summary.peakCpuUtilization ?? 0) / 50) * 50);

  return [
    {
      id: 'load',
      title: 'Users and throughput',
      alt: 'Locust users (left axis) and requests per second (right axis) over the run.',
      svg: timeChart(
        xMax,
        marks,
        [
          { type: 'value', name: 'users' },
          { type: 'value', name: 'req/s' },
        ],
        [
          { name: 'users', type: 'line', step: 'end', data: loadSeries((point) => point.users) },
          { name: 'req/s', type: 'line', yAxisIndex: 1, data: loadSeries((point) => point.rps) },
        ],
      ),
    },
    {
      id: 'latency',
      title: 'Response time percentiles',
      alt: "p50, p95 and p99 response time over Locust's ~10 s sliding window.",
      svg: timeChart(
        xMax,
        marks,
        [ms],
        [
          { name: 'p50', type: 'line', data: loadSeries((point) => point.p50) },
          { name: 'p95', type: 'line', data: loadSeries((point) => point.p95) },
          { name: 'p99', type: 'line', data: loadSeries((point) => point.p99) },
        ],
      ),
    },
    {
      id: 'capacity',
      title: 'Pods and CPU utilization',
      alt: 'Ready and desired pods (left axis) with CPU utilization and its target in % of the request (right axis).',
      svg: timeChart(
        xMax,
        marks,
        [
          // The pods axis goes up to maxReplicas, so "at the ceiling" is visible at a glance.
          { type: 'value', name: 'pods', minInterval: 1, min: 0, max: podsAxisMax },
          { type: 'value', name: '% of request', min: 0, max: utilizationAxisMax },
        ],
        [
          { name: 'pods ready', type: 'line', step: 'end', data: capacitySeries((point) => point.ready) },
          {
            name: 'pods desired',
            type: 'line',
            step: 'end',
            lineStyle: { type: 'dashed' },
            data: capacitySeries((point) => point.desired),
          },
          {
            name: 'CPU utilization',
            type: 'line',
            yAxisIndex: 1,
            data: capacitySeries((point) => point.utilization),
          },
          {
            name: 'CPU target',
            type: 'line',
            yAxisIndex: 1,
            lineStyle: { type: 'dotted' },
            data: capacitySeries((point) => point.target),
          },
        ],
      ),
    },
    {
      id: 'failures',
      title: 'Failures',
      alt: "Failed requests per second (Locust's current rate).",
      svg: timeChart(
        xMax,
        marks,
        [{ type: 'value', name: 'failures/s' }],
        [
          {
            name: 'failures/s',
            type: 'line',
            areaStyle: {},
            data: loadSeries((point) => point.failuresPerSecond),
          },
        ],
      ),
    },
  ];
}
