// The runner's link to the report builder (lab/src/report): report.md and report.html into the results folder.
import { buildReport as buildReportFiles } from '../report/build-report';

export async function buildReport(resultsDir: string): Promise<string> {
  const { markdownPath, htmlPath } = buildReportFiles(resultsDir);
  return `${htmlPath} (Markdown: ${markdownPath})`;
}
