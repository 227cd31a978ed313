// ReportDocument → Markdown. Text from the run (error messages, pod names) is escaped so it cannot inject
// markup, links or HTML into a rendered report.md. Long tables are folded in <details> as in report.html
// (GitHub and most Markdown viewers render it; the blank lines keep the table Markdown inside it).
import { foldedTable, type Block, type ListItem, type ReportDocument } from './report-document';
import { escapeHtml } from './render-html';

export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]|]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

const item = ({ label, text }: ListItem): string =>
  `- ${label ? `**${escapeMarkdown(label)}**: ` : ''}${escapeMarkdown(text)}`;

function table(block: Extract<Block, { kind: 'table' }>): string {
  const line = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${block.columns.map((_, index) => (block.numeric?.[index] ? ' ---: ' : ' --- ')).join('|')}|`;
  const markdown = [line(block.columns), rule, ...block.rows.map(line)].join('\n');
  const fold = foldedTable(block);
  return fold === null
    ? markdown
    : `<details><summary>${escapeHtml(fold)}</summary>\n\n${markdown}\n\n</details>`;
}

function fence(text: string): string {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longestRun + 1);
  return `${marks}json\n${text}\n${marks}`;
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return escapeMarkdown(block.text);
    case 'list':
      return block.items.map(item).join('\n');
    case 'table':
      return table(block);
    case 'code':
      return fence(block.text);
    case 'chart':
      return (
        `![${escapeMarkdown(block.title)}](${block.file})\n\n*${escapeMarkdown(block.alt)}*` +
        (block.png ? ` [PNG for slides](${block.png})` : '')
      );
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  return doc.map(renderBlock).join('\n\n') + '\n';
}
