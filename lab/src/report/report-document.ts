// A renderer-neutral document (headings, paragraphs, tables, charts): the report's content is written once here
// and rendered to Markdown and to HTML, so the two files cannot disagree.

export interface ListItem {
  /** Shown in bold before the text, e.g. a finding's severity. */
  label?: string;
  text: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: ListItem[] }
  /** `foldLabel`: what the rows are, for a table of records: one longer than FOLD_TABLE_ROWS is folded behind it. */
  | { kind: 'table'; columns: string[]; rows: string[][]; numeric?: boolean[]; foldLabel?: string }
  | { kind: 'code'; text: string }
  /**
   * `file`: the chart's SVG file relative to the report, which Markdown links to (HTML inlines `svg`);
   * `png`: its PNG copy for slides, when one was written.
   */
  | { kind: 'chart'; title: string; alt: string; svg: string; file: string; png?: string };

export type ReportDocument = Block[];

/**
 * A table of records (one with a foldLabel) longer than this is folded (`<details>`) in both renderings, so the
 * report stays skimmable; key-value tables such as Results are always shown.
 */
export const FOLD_TABLE_ROWS = 12;

/** The fold's summary line for a long table of records, or null when the table is shown open. */
export function foldedTable(block: Extract<Block, { kind: 'table' }>): string | null {
  if (block.foldLabel === undefined || block.rows.length <= FOLD_TABLE_ROWS) return null;
  return `${block.foldLabel} (${block.rows.length} rows)`;
}
