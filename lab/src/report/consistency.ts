// checkReportConsistency: do report.md / report.html say what the raw files say? Used by the report specs and by
// the end-to-end run test (lab/test/local-run.e2e-spec.ts). Returns the problems found; an empty list means
// consistent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGGREGATED_ROW_NAME } from '../results/locust/locust-csv.types';
import { locustBucket } from '../results/locust/locust-stats-entry';
import { RESULTS_FILES } from '../results/results-layout';
import { readResults } from '../results/results-reader';
import { hpaSpecFields } from '../results/hpa-spec-fields';
import { RESULT_LABELS } from './build-document';
import { formatCount, formatMs, formatRate } from './format';
import { escapeHtml } from './render-html';

/** The Results table of report.md as label → value (Markdown escapes undone). */
export function readResultsTable(markdown: string): Map<string, string> {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Results\n')) ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.match(/^\| (.*) \| (.*) \|$/);
    if (cells) rows.set(unescape(cells[1]), unescape(cells[2]));
  }
  return rows;
}

const equals = (shown: string, value: string): boolean => shown === value;
const startsWith = (shown: string, value: string): boolean => shown.startsWith(value);
const includes = (shown: string, value: string): boolean => shown.includes(value);

const unescape = (cell: string): string =>
  cell.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function checkReportConsistency(resultsDir: string): string[] {
  const problems: string[] = [];
  const results = readResults(resultsDir);
  const { stats, history, failures } = results.locust;
  const total = stats.find((row) => row.type === '' && row.name === AGGREGATED_ROW_NAME);
  if (!total) return [`${RESULTS_FILES.locustStats}: no Aggregated row`];

  // The raw files against each other (Locust's own invariants).
  const endpoints = stats.filter((row) => row !== total);
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  if (sum(endpoints.map((row) => row.requestCount)) !== total.requestCount) {
    problems.push(
      `${RESULTS_FILES.locustStats}: endpoint request counts do not add up to the Aggregated row`,
    );
  }
  if (sum(failures.map((row) => row.occurrences)) !== total.failureCount) {
    problems.push(
      `${RESULTS_FILES.locustFailures}: occurrences do not add up to the Aggregated failure count ${total.failureCount}`,
    );
  }
  const lastHistory = history.filter((row) => row.type === '' && row.name === AGGREGATED_ROW_NAME).at(-1);
  if (lastHistory && lastHistory.totalRequestCount > total.requestCount) {
    problems.push(
      `${RESULTS_FILES.locustHistory}: more requests in the history (${lastHistory.totalRequestCount}) than in the totals`,
    );
  }
  // Percentiles are Locust bucket keys, so they may exceed the exact max by its bucket rounding.
  const ordered = [
    total.medianResponseTime,
    total.percentiles['95%'],
    total.percentiles['99%'],
    locustBucket(total.maxResponseTime),
  ];
  if (ordered.some((value, index) => index > 0 && (value ?? 0) < (ordered[index - 1] ?? 0))) {
    problems.push(
      `${RESULTS_FILES.locustStats}: median ≤ p95 ≤ p99 ≤ max does not hold for the Aggregated row`,
    );
  }

  // The report against the raw files.
  const markdownPath = join(resultsDir, RESULTS_FILES.reportMarkdown);
  if (!existsSync(markdownPath)) return [...problems, `${RESULTS_FILES.reportMarkdown} is missing`];
  const table = readResultsTable(readFileSync(markdownPath, 'utf8'));
  const maxReady = results.timeline.length
    ? Math.max(...results.timeline.map((sample) => sample.replicas.ready))
    : null;
  // [label, value from the raw files, how the report's cell must contain it]
  const expected: [string, string, (shown: string, value: string) => boolean][] = [
    [RESULT_LABELS.requests, formatCount(total.requestCount), equals],
    [RESULT_LABELS.failures, `${formatCount(total.failureCount)} (`, startsWith],
    [RESULT_LABELS.throughput, formatRate(total.requestsPerSecond), equals],
    [RESULT_LABELS.median, formatMs(total.medianResponseTime), equals],
    [RESULT_LABELS.p95, formatMs(total.percentiles['95%'] ?? null), equals],
    [RESULT_LABELS.p99, formatMs(total.percentiles['99%'] ?? null), equals],
    [RESULT_LABELS.pods, ` → ${formatCount(maxReady)} (`, includes],
  ];
  const html = existsSync(join(resultsDir, RESULTS_FILES.reportHtml))
    ? readFileSync(join(resultsDir, RESULTS_FILES.reportHtml), 'utf8')
    : null;
  if (html === null) problems.push(`${RESULTS_FILES.reportHtml} is missing`);
  for (const [label, value, matches] of expected) {
    const shown = table.get(label);
    if (shown === undefined) problems.push(`${RESULTS_FILES.reportMarkdown}: no "${label}" row`);
    else if (!matches(shown, value))
      problems.push(`${RESULTS_FILES.reportMarkdown}: ${label} is "${shown}", the raw files give "${value}"`);
    if (shown !== undefined && html !== null && !html.includes(`<td class="num">${escapeHtml(shown)}</td>`)) {
      problems.push(`${RESULTS_FILES.reportHtml}: ${label} does not show "${shown}" as report.md does`);
    }
  }
  const { maxReplicas } = hpaSpecFields(results.meta.hpa.spec);
  if (maxReady !== null && maxReady > maxReplicas) {
    problems.push(`${RESULTS_FILES.timeline}: ${maxReady} pods ready, above maxReplicas ${maxReplicas}`);
  }
  return problems;
}
