// `lab compare <dir> <dir> …`: the reports' 150/300/500 table from several results folders, as Markdown.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';

export function compareCommand(): Command {
  return new Command('compare')
    .description('Compare results folders: throughput, median, p95, failures, max pods, time to scale')
    .argument('<results-dirs...>', 'results/<run-id>/ folders (ordered by peak users in the table)')
    .option('--html <file>', 'also write the table as a self-contained HTML file')
    .action(async (dirs: string[], options: { html?: string }) => {
      // Loaded on use, like lab report: the report engine is not needed by the other commands.
      const { compareRuns, compareTable, renderCompareHtml, renderCompareMarkdown } =
        await import('../../report/compare');
      const table = compareTable(compareRuns(dirs));
      process.stdout.write(renderCompareMarkdown(table));
      if (options.html) writeFileSync(options.html, renderCompareHtml(table));
    });
}
