// lab compare's engine: the reports' 150/300/500 table (throughput, median, p95, failures, max pods, time to
// scale), one column per results folder, ordered by peak users.
import { readResults } from '../results/results-reader';
import { aggregate } from './aggregate';
import { formatCount, formatFailures, formatMs, formatRate, formatSeconds, DASH } from './format';
import { escapeHtml } from './render-html';
import { escapeMarkdown } from './render-markdown';
import type { RunMeta } from '../results/results.types';
import type { RunSummary } from './report-model';

export interface ComparedRun {
  dir: string;
  label: string;
  meta: RunMeta;
  summary: RunSummary;
}

export interface CompareTable {
  columns: string[];
  rows: string[][];
}

const percent = (value: number | null): string => (value === null ? DASH : `${Math.round(value)}%`);

const SUMMARY_ROWS: [string, (summary: RunSummary) => string][] = [
  ['Throughput (req/s)', (s) => formatRate(s.throughputRps)],
  ['Median latency', (s) => formatMs(s.medianMs)],
  ['P95 latency', (s) => formatMs(s.p95Ms)],
  ['Failures', (s) => formatFailures(s.failures, s.failureRatio)],
  [
    'Max pods',
    (s) => (s.maxPodsReady === null ? DASH : `${formatCount(s.startPods)} → ${formatCount(s.maxPodsReady)}`),
  ],
  [
    'Time to scale',
    (s) =>
      s.scaleUpLag === null
        ? 'never over target'
        : s.scaleUpLag.lagSeconds === null
          ? 'no new pod'
          : formatSeconds(s.scaleUpLag.lagSeconds),
  ],
  [
    'First scale-up at',
    (s) => (s.firstScaleUpSeconds === null ? 'never' : formatSeconds(s.firstScaleUpSeconds)),
  ],
  ['Peak CPU (target)', (s) => `${percent(s.peakCpuUtilization)} (${percent(s.cpuTarget)})`],
];

/** What was run: numbers from different setups are only comparable when this row says so. */
const setup = ({ meta }: ComparedRun): string =>
  `profile ${meta.profile.id}, ${meta.target}, HPA ${meta.hpa.variant}, model cost ${meta.modelCost.modelCostMs} ms` +
  (meta.conditions ? `, conditions ${meta.conditions.id}` : '');

export function compareRuns(dirs: readonly string[]): ComparedRun[] {
  if (dirs.length === 0) throw new Error('give at least one results folder');
  const runs = dirs.map((dir) => {
    const model = aggregate(readResults(dir));
    const { meta } = model.results;
    return { dir, meta, summary: model.summary };
  });
  const targets = new Set(runs.map((run) => run.meta.target));
  return runs
    .map(({ dir, meta, summary }) => ({
      dir,
      meta,
      summary,
      label: `${summary.peakUsers === null ? meta.profile.id : `${summary.peakUsers} Users`}${targets.size > 1 ? ` (${meta.target})` : ''}`,
    }))
    .sort((a, b) => (a.summary.peakUsers ?? 0) - (b.summary.peakUsers ?? 0));
}

export function compareTable(runs: readonly ComparedRun[]): CompareTable {
  return {
    columns: ['Metric', ...runs.map((run) => run.label)],
    rows: [
      ...SUMMARY_ROWS.map(([label, value]) => [label, ...runs.map((run) => value(run.summary))]),
      ['Setup', ...runs.map(setup)],
    ],
  };
}

export function renderCompareMarkdown(table: CompareTable): string {
  const line = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| --- |${table.columns
    .slice(1)
    .map(() => ' ---: |')
    .join('')}`;
  return [line(table.columns), rule, ...table.rows.map(line)].join('\n') + '\n';
}

export function renderCompareHtml(table: CompareTable): string {
  const cells = (row: string[], tag: string): string =>
    row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('');
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" ` +
    `content="default-src 'none'; style-src 'unsafe-inline'"><title>Iris Scaling Lab: comparison</title>` +
    `<style>table{border-collapse:collapse;font:14px system-ui}th,td{border:1px solid #ddd;padding:.25rem .5rem}` +
    `td{text-align:right}</style></head><body>\n<table><thead><tr>${cells(table.columns, 'th')}</tr></thead><tbody>\n` +
    table.rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('\n') +
    `\n</tbody></table>\n</body></html>\n`
  );
}
