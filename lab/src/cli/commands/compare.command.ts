// `lab compare <dir> <dir> …`: the reports' 150/300/500 table from several results folders, as Markdown, with a
// reference report's published figures beside the runs when `--reference` names one.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';

export function compareCommand(): Command {
  return new Command('compare')
    .description('Compare results folders: throughput, latencies, failures, max pods, time to scale')
    .argument('<results-dirs...>', 'results/<run-id>/ folders (ordered by peak users in the table)')
    .option(
      '--reference <report-id[:experiment]>',
      'add the published figures of a reference report (lab/docs/reference-experiments.md): beside each run, ' +
        'the experiment its profile reproduces; or, with :<experiment>, that one experiment as the last column',
    )
    .option('--html <file>', 'also write the table as a self-contained HTML file')
    .action(async (dirs: string[], options: { html?: string; reference?: string }) => {
      // Loaded on use, like lab report: the report engine is not needed by the other commands.
      const { compareRuns, compareTable, renderCompareHtml, renderCompareMarkdown } =
        await import('../../report/compare');
      const { chooseReference, loadReferenceReports } = await import('../../reference/reference-reports');
      const reference =
        options.reference === undefined
          ? undefined
          : chooseReference(options.reference, loadReferenceReports());
      const table = compareTable(compareRuns(dirs), reference);
      process.stdout.write(renderCompareMarkdown(table));
      if (options.html) writeFileSync(options.html, renderCompareHtml(table));
    });
}
