// The runner's only link to the report builder (lab/src/report, owned by the results/report engineer).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FILES } from '../results/results-layout';

export async function buildReport(resultsDir: string): Promise<string> {
  const report = join(resultsDir, RESULTS_FILES.reportHtml);
  if (!existsSync(report))
    throw new Error(`the report builder has not landed yet; raw results are in ${resultsDir}`);
  return report;
}
