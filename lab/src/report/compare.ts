// lab compare's engine: the reports' 150/300/500 table (throughput, latencies, failures, max pods, time to scale),
// one column per results folder, ordered by peak users, and optionally a reference report's published figures.
import { readResults } from '../results/results-reader';
import { aggregate } from './aggregate';
import {
  formatCount,
  formatFailures,
  formatMs,
  formatPercent,
  formatRate,
  formatSeconds,
  DASH,
} from './format';
import { escapeHtml } from './render-html';
import { escapeMarkdown } from './render-markdown';
import type {
  Figure,
  PublishedResults,
  ReferenceChoice,
  ReferenceExperiment,
  ReferenceReport,
} from '../reference/reference-reports';
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
const published = (figure: Figure | undefined): number | null => figure?.value ?? null;

/** A row of the table: how a run shows the metric, and how a reference report's published figures do. */
interface CompareRow {
  label: string;
  run: (summary: RunSummary) => string;
  published: (results: PublishedResults, report: ReferenceReport) => string;
}

/** A figure the runs and the reports both name the same way, shown in the same format. */
type SharedFigure = keyof PublishedResults & keyof RunSummary;
const sameFigure = (
  label: string,
  format: (value: number | null) => string,
  field: SharedFigure,
): CompareRow => ({
  label,
  run: (s) => format(s[field]),
  published: (r) => format(published(r[field])),
});

const ROWS: CompareRow[] = [
  sameFigure('Requests', formatCount, 'requests'),
  sameFigure('Duration', formatSeconds, 'durationSeconds'),
  sameFigure('Throughput (req/s)', formatRate, 'throughputRps'),
  sameFigure('Average latency', formatMs, 'averageMs'),
  sameFigure('Median latency', formatMs, 'medianMs'),
  sameFigure('P95 latency', formatMs, 'p95Ms'),
  sameFigure('P99 latency', formatMs, 'p99Ms'),
  sameFigure('Max latency', formatMs, 'maxMs'),
  {
    label: 'Failures',
    run: (s) => formatFailures(s.failures, s.failureRatio),
    published: publishedFailures,
  },
  {
    label: 'Max pods',
    run: (s) =>
      s.maxPodsReady === null ? DASH : `${formatCount(s.startPods)} → ${formatCount(s.maxPodsReady)}`,
    published: (r) =>
      r.podsMax === undefined
        ? DASH
        : r.podsStart === undefined
          ? formatCount(r.podsMax.value)
          : `${formatCount(r.podsStart.value)} → ${formatCount(r.podsMax.value)}`,
  },
  {
    label: 'Time to scale',
    run: (s) =>
      s.scaleUpLag === null
        ? 'never over target'
        : s.scaleUpLag.lagSeconds === null
          ? 'no new pod'
          : formatSeconds(s.scaleUpLag.lagSeconds),
    // No report times a scale-up from CPU over target to a new pod ready.
    published: () => DASH,
  },
  {
    label: 'First scale-up at',
    run: (s) => (s.firstScaleUpSeconds === null ? 'never' : formatSeconds(s.firstScaleUpSeconds)),
    published: (r) => formatSeconds(published(r.firstScaleUpSeconds)),
  },
  {
    label: 'Peak CPU (target)',
    run: (s) => `${percent(s.peakCpuUtilization)} (${percent(s.cpuTarget)})`,
    published: (r, report) =>
      r.peakCpuPercent === undefined
        ? DASH
        : `${percent(r.peakCpuPercent.value)} (${percent(published(report.conditions.cpuTargetPercent))})`,
  },
];

/**
 * Failures as the reports give them: their own count and rate where published; else the count from requests minus
 * successes and the rate from 100 % minus the success rate (report 004 publishes success rates).
 */
function publishedFailures(r: PublishedResults): string {
  const requests = published(r.requests);
  const succeeded = published(r.succeeded);
  const failed =
    published(r.failed) ?? (requests !== null && succeeded !== null ? requests - succeeded : null);
  const failurePercent =
    published(r.failurePercent) ?? (r.successPercent === undefined ? null : 100 - r.successPercent.value);
  if (failed === null) return failurePercent === null ? DASH : formatPercent(failurePercent / 100, 2);
  if (failurePercent === null)
    return requests === null ? formatCount(failed) : formatFailures(failed, failed / requests);
  return formatFailures(failed, failurePercent / 100);
}

/** What was run: numbers from different setups are only comparable when this row says so. */
const setup = ({ meta }: ComparedRun): string =>
  `profile ${meta.profile.id}, ${meta.target}, HPA ${meta.hpa.variant}, model cost ${meta.modelCost.modelCostMs} ms` +
  (meta.conditions ? `, conditions ${meta.conditions.id}` : '');

const publishedSetup = (report: ReferenceReport, experiment: ReferenceExperiment): string =>
  `published, ${report.platform}, HPA ${report.id}: ${experiment.description} (lab profile ${experiment.profile})`;

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

type CompareColumn = { run: ComparedRun } | { report: ReferenceReport; experiment: ReferenceExperiment };

/**
 * The runs, each followed by the reference experiment that its profile reproduces (once for runs of the same
 * profile side by side); a named experiment comes last instead.
 */
function columnsOf(runs: readonly ComparedRun[], reference: ReferenceChoice | undefined): CompareColumn[] {
  const columns: CompareColumn[] = runs.map((run) => ({ run }));
  if (reference === undefined) return columns;
  const { report, experiment } = reference;
  if (experiment !== null) return [...columns, { report, experiment }];
  const reproducedBy = (run: ComparedRun | undefined): ReferenceExperiment | undefined =>
    report.experiments.find((candidate) => candidate.profile === run?.meta.profile.id);
  const matched = runs.flatMap((run, index) => {
    const match = reproducedBy(run);
    const nextMatch = reproducedBy(runs[index + 1]);
    return match === undefined || match === nextMatch ? [{ run }] : [{ run }, { report, experiment: match }];
  });
  if (matched.length === runs.length) {
    const profiles = [...new Set(runs.map((run) => run.meta.profile.id))].join(', ');
    const experiments = report.experiments
      .map((known) => `${known.id} (profile ${known.profile})`)
      .join(', ');
    throw new Error(
      `${report.id} has no experiment for the profiles of these runs (${profiles}); its experiments: ${experiments}. ` +
        `Name one: --reference ${report.id}:<experiment>`,
    );
  }
  return matched;
}

export function compareTable(runs: readonly ComparedRun[], reference?: ReferenceChoice): CompareTable {
  const columns = columnsOf(runs, reference);
  const cells = (row: CompareRow): string[] =>
    columns.map((column) =>
      'run' in column ? row.run(column.run.summary) : row.published(column.experiment.results, column.report),
    );
  return {
    columns: [
      'Metric',
      ...columns.map((column) =>
        'run' in column ? column.run.label : `${column.report.id} ${column.experiment.id}`,
      ),
    ],
    rows: [
      ...ROWS.map((row) => [row.label, ...cells(row)]),
      [
        'Setup',
        ...columns.map((column) =>
          'run' in column ? setup(column.run) : publishedSetup(column.report, column.experiment),
        ),
      ],
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
