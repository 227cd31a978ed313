// `lab report <results-dir>`: rebuild report.md and report.html from a results folder (embedded or cluster run).
import { Command } from 'commander';
import { openFile } from '../open-file';

export function reportCommand(): Command {
  return new Command('report')
    .description('Rebuild report.md and report.html from a results folder')
    .argument('<results-dir>', 'a results/<run-id>/ folder')
    .option(
      '--check',
      'then check the report against the raw CSVs and timeline (exit code 1 if inconsistent)',
    )
    .option(
      '--open',
      "then open report.html with the desktop's opener (xdg-open, open, wslview or cmd.exe start; without one, " +
        'prints the path)',
    )
    .action(async (resultsDir: string, options: { check?: boolean; open?: boolean }) => {
      // Loaded on use: the report engine pulls in echarts, which other lab commands do not need.
      const { buildReport } = await import('../../report/build-report');
      const { checkReportConsistency } = await import('../../report/consistency');
      const report = buildReport(resultsDir);
      console.log(`report: ${report.markdownPath}\n        ${report.htmlPath}`);
      if (report.pngsUnavailable) console.log(`  no PNG charts: ${report.pngsUnavailable}`);
      for (const finding of report.findings) console.log(`  ${finding.severity}: ${finding.text}`);
      if (options.open) console.log(await openFile(report.htmlPath));
      if (!options.check) return;
      const problems = checkReportConsistency(resultsDir);
      if (problems.length === 0) return console.log('consistent with the raw files');
      for (const problem of problems) console.error(`inconsistent: ${problem}`);
      process.exitCode = 1;
    });
}
