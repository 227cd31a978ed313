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
  | { kind: 'chart'; title: string; alt: string; svg: string };

export type ReportDocument = Block[];
