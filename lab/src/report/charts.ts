// The report's charts, rendered on the server to inline SVG by echarts (SSR mode, no DOM, no scripts). The options
// come from chart-options.ts, which the live view also renders in the browser.
import * as echarts from 'echarts';
import { FAILURE_CLASSES } from '../results/failures/failure-class';
import { reportChartOptions, type ClassFailureRate } from './chart-options';
import type { ReportModel } from './report-model';

export interface Chart {
  /** File-name stem under charts/, e.g. `latency`. */
  id: string;
  title: string;
  /** Text alternative: what the chart shows, for readers without SVG and for report.md. */
  alt: string;
  svg: string;
}

const WIDTH = 900;
const HEIGHT = 240;

function render(option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Failures per second of each class per timeline sample (a sample's count over the interval it covers, drawn over
 * that interval); classes that never failed are left out.
 */
function failureClassRates(model: ReportModel): ClassFailureRate[] {
  return FAILURE_CLASSES.filter((c) =>
    model.failureSamples.some((sample) => (sample.failures[c] ?? 0) > 0),
  ).map((c) => ({
    failureClass: c,
    points: model.failureSamples.map((sample) => [
      sample.t,
      (sample.failures[c] ?? 0) / Math.max(sample.t - sample.from, 1),
    ]),
  }));
}

export function renderCharts(model: ReportModel): Chart[] {
  const { summary } = model;
  return reportChartOptions({
    load: model.load,
    capacity: model.capacity,
    scaleEvents: model.scaleEvents,
    durationSeconds: summary.durationSeconds,
    maxReplicas: summary.maxReplicas,
    peakCpuUtilization: summary.peakCpuUtilization,
    throttling: model.throttling,
    failureClassRates: failureClassRates(model),
  }).map(({ option, ...chart }) => ({ ...chart, svg: render(option) }));
}
