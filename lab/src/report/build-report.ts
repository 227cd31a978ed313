// lab report's engine: read a results folder, aggregate, render report.md (+ charts/*.svg and *.png) and report.html
// into it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResults } from '../results/results-reader';
import { RESULTS_FILES } from '../results/results-layout';
import { aggregate } from './aggregate';
import { buildDocument } from './build-document';
import { renderChartPngs } from './chart-png';
import { renderCharts } from './charts';
import type { Finding } from './report-model';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';

export interface BuiltReport {
  markdownPath: string;
  htmlPath: string;
  findings: Finding[];
  /** Why charts/*.png were not written, or null when they were. */
  pngsUnavailable: string | null;
}

export function buildReport(resultsDir: string): BuiltReport {
  const model = aggregate(readResults(resultsDir));
  const charts = renderCharts(model);
  const chartsDir = join(resultsDir, RESULTS_FILES.chartsDir);
  mkdirSync(chartsDir, { recursive: true });
  for (const chart of charts) writeFileSync(join(chartsDir, `${chart.id}.svg`), chart.svg);
  const pngs = renderChartPngs(charts);
  if (pngs.available) for (const { id, png } of pngs.files) writeFileSync(join(chartsDir, `${id}.png`), png);
  const doc = buildDocument(model, charts, pngs.available ? null : pngs.reason);
  const markdownPath = join(resultsDir, RESULTS_FILES.reportMarkdown);
  const htmlPath = join(resultsDir, RESULTS_FILES.reportHtml);
  writeFileSync(markdownPath, renderMarkdown(doc));
  writeFileSync(htmlPath, renderHtml(doc));
  return {
    markdownPath,
    htmlPath,
    findings: model.findings,
    pngsUnavailable: pngs.available ? null : pngs.reason,
  };
}
