// The report's charts as echarts options, built from the time axis alone. The report renders them to SVG on
// the server (charts.ts); the live view serves this file's compiled JavaScript to the browser and renders the same
// options there, so both draw the same charts. It must therefore import nothing at run time (types only).
import type { EChartsOption, LineSeriesOption, MarkLineComponentOption, YAXisComponentOption } from 'echarts';
import type { ScaleEventRecord } from '../results/results.types';
import type { CapacityPoint, LoadPoint, PodThrottling } from './report-model';

/** What the charts are drawn from: the report model's time axis, or what a live run has recorded so far. */
export interface ChartInput {
  load: readonly LoadPoint[];
  capacity: readonly CapacityPoint[];
  scaleEvents: readonly ScaleEventRecord[];
  durationSeconds: number | null;
  maxReplicas: number;
  peakCpuUtilization: number | null;
  /** Per-pod CFS throttling; the chart is drawn only when some pod ran under an enforced CPU limit. */
  throttling?: readonly PodThrottling[];
  /** Failures per second of each failure class that occurred, stacked on the failures chart. */
  failureClassRates?: readonly ClassFailureRate[];
}

export interface ClassFailureRate {
  failureClass: string;
  points: Point[];
}

export interface ChartOption {
  /** File-name stem under charts/, e.g. `latency`. */
  id: string;
  title: string;
  /** Text alternative: what the chart shows, for readers without SVG and for report.md. */
  alt: string;
  option: EChartsOption;
}

export type Point = [number, number | null];

const FAULT_COLOR = '#c0392b';

/** Scale events as grey dashed lines (↑/↓ new count); a fault's start as a red line named by its kind, its end dotted. */
function scaleMarks(events: readonly ScaleEventRecord[]): MarkLineComponentOption {
  type MarkData = NonNullable<MarkLineComponentOption['data']>;
  const marks = events.flatMap((event): MarkData => {
    if (event.kind === 'scale-up' || event.kind === 'scale-down')
      return [
        {
          xAxis: event.elapsedSeconds,
          label: {
            formatter: `${event.kind === 'scale-up' ? '↑' : '↓'}${event.to ?? ''}`,
            position: 'end' as const,
          },
        },
      ];
    if (event.kind !== 'fault-start' && event.kind !== 'fault-end') return [];
    const start = event.kind === 'fault-start';
    return [
      {
        xAxis: event.elapsedSeconds,
        lineStyle: { color: FAULT_COLOR, type: start ? ('solid' as const) : ('dotted' as const) },
        label: {
          formatter: start ? `⚡${faultKindOf(event)}` : '',
          position: 'insideEndTop' as const,
          color: FAULT_COLOR,
        },
      },
    ];
  });
  return { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#888' }, data: marks };
}

/** `kill-pod` of `kill-pod@30s`. */
const faultKindOf = (event: ScaleEventRecord) => (event.fault ?? 'fault').split(/[:@+]/)[0];

function timeChart(
  xMax: number,
  marks: MarkLineComponentOption,
  yAxes: YAXisComponentOption[],
  series: LineSeriesOption[],
): EChartsOption {
  const [first, ...rest] = series;
  return {
    animation: false,
    // An opaque background keeps the SVG files readable in dark-themed Markdown viewers.
    backgroundColor: '#ffffff',
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
  };
}

export function reportChartOptions(input: ChartInput): ChartOption[] {
  const { load, capacity, scaleEvents } = input;
  const lastSecond = Math.max(
    input.durationSeconds ?? 0,
    ...load.map((point) => point.t),
    ...capacity.map((point) => point.t),
  );
  // A round end (next multiple of 10 s) keeps echarts' last tick label from colliding with its neighbour.
  const xMax = Math.max(10, Math.ceil(lastSecond / 10) * 10);
  const marks = scaleMarks(scaleEvents);
  const loadSeries = (pick: (point: LoadPoint) => number | null): Point[] =>
    load.map((point) => [point.t, pick(point)]);
  const capacitySeries = (pick: (point: CapacityPoint) => number | null): Point[] =>
    capacity.map((point) => [point.t, pick(point)]);
  const ms: YAXisComponentOption = { type: 'value', name: 'ms' };
  const podsAxisMax = Math.max(
    1,
    input.maxReplicas,
    ...capacity.map((point) => Math.max(point.ready, point.desired)),
  );
  const utilizationAxisMax = Math.max(100, Math.ceil((input.peakCpuUtilization ?? 0) / 50) * 50);

  const charts: ChartOption[] = [
    {
      id: 'load',
      title: 'Users and throughput',
      alt: 'Locust users (left axis) and requests per second (right axis) over the run.',
      option: timeChart(
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
      option: timeChart(
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
      option: timeChart(
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
      alt:
        "Failed requests per second: Locust's current rate (line) and, stacked, each failure class per " +
        'timeline sample (its failures over the sample interval).',
      option: timeChart(
        xMax,
        marks,
        [{ type: 'value', name: 'failures/s' }],
        [
          {
            name: 'failures/s (Locust)',
            type: 'line',
            data: loadSeries((point) => point.failuresPerSecond),
          },
          ...(input.failureClassRates ?? []).map(({ failureClass, points }): LineSeriesOption => ({
            name: failureClass,
            type: 'line',
            stack: 'classes',
            step: 'start',
            areaStyle: {},
            data: points,
          })),
        ],
      ),
    },
  ];
  const throttling = input.throttling ?? [];
  if (throttling.length === 0) return charts;
  return [
    ...charts,
    {
      id: 'throttling',
      title: 'CPU throttling per pod',
      alt:
        'Share of each pod’s 100 ms CFS periods in which it was throttled at its CPU limit, between ' +
        'timeline samples (cAdvisor’s container_cpu_cfs_throttled_periods_total over container_cpu_cfs_periods_total).',
      option: timeChart(
        xMax,
        marks,
        [{ type: 'value', name: '% of periods', min: 0, max: 100 }],
        throttling.map(({ pod, points }) => ({
          name: pod,
          type: 'line',
          data: points.map(({ t, share }): Point => [t, share === null ? null : share * 100]),
        })),
      ),
    },
  ];
}
