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
  | { kind: 'table'; columns: string[]; rows: string[][]; numeric?: boolean[] }
  | { kind: 'code'; text: string }
  /** `file`: the chart's SVG file relative to the report, which Markdown links to (HTML inlines `svg`). */
  | { kind: 'chart'; title: string; alt: string; svg: string; file: string };

export type ReportDocument = Block[];
