// ReportDocument → one self-contained HTML file: inline CSS, charts as inline SVG, no scripts, no external URL.
// A Content-Security-Policy forbids loading anything, and every text from the run is HTML-escaped.
// Each level-2 heading opens a <section>: printed, every section after the first starts a page, charts fit its
// width and the PNG links are left out.
import { foldedTable, type Block, type ListItem, type ReportDocument } from './report-document';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:980px;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}
th{background:#f5f5f5;text-align:left}td.num{text-align:right;white-space:nowrap}
figure{margin:1rem 0}figcaption{font-weight:600}.alt{color:#666;font-size:.9em;margin:0}
figure svg{display:block;width:100%;height:auto}
summary{cursor:pointer;margin:.5rem 0}
@media screen{table{display:block;max-width:100%;overflow-x:auto}}
pre{background:#f5f5f5;padding:.5rem;overflow:auto}
@media print{
body{margin:0;max-width:none;padding:0;font-size:10pt}
section{break-before:page}section:first-of-type{break-before:auto}h2{margin-top:0}
figure,tr,pre{break-inside:avoid}
summary{cursor:auto;list-style:none}summary::-webkit-details-marker{display:none}
.slides{display:none}
}`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const item = ({ label, text }: ListItem): string =>
  `<li>${label ? `<strong>${escapeHtml(label)}</strong>: ` : ''}${escapeHtml(text)}</li>`;

function table(block: Extract<Block, { kind: 'table' }>): string {
  const head = block.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const body = block.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, index) => `<td${block.numeric?.[index] ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const html = `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  const fold = foldedTable(block);
  return fold === null ? html : `<details><summary>${escapeHtml(fold)}</summary>\n${html}\n</details>`;
}

/** echarts' fixed-size root element made fluid: width 100 %, height from its viewBox's aspect ratio (CSS). */
export function responsiveSvg(svg: string): string {
  return svg.replace(/^<svg\b[^>]*>/, (root) =>
    root.replace(/\s(width|height)="[^"]*"/g, '').replace(/^<svg/, '<svg width="100%"'),
  );
}

function chart(block: Extract<Block, { kind: 'chart' }>): string {
  const png = block.png ? ` <a class="slides" href="${escapeHtml(block.png)}">PNG for slides</a>` : '';
  // The SVG comes from echarts' SSR renderer, which escapes its own text; our series names are fixed strings.
  return (
    `<figure role="img" aria-label="${escapeHtml(block.alt)}"><figcaption>${escapeHtml(block.title)}</figcaption>\n` +
    `${responsiveSvg(block.svg)}\n<p class="alt">${escapeHtml(block.alt)}${png}</p></figure>`
  );
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map(item).join('\n')}</ul>`;
    case 'table':
      return table(block);
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'chart':
      return chart(block);
  }
}

/** The blocks as HTML, each level-2 heading and what follows it up to the next one wrapped in a <section>. */
function renderSections(doc: ReportDocument): string {
  const parts: string[] = [];
  let open = false;
  for (const block of doc) {
    if (block.kind === 'heading' && block.level === 2) {
      parts.push(`${open ? '</section>\n' : ''}<section>`);
      open = true;
    }
    parts.push(renderBlock(block));
  }
  if (open) parts.push('</section>');
  return parts.join('\n');
}

export function renderHtml(doc: ReportDocument): string {
  const title = doc.find((block) => block.kind === 'heading')?.text ?? 'Iris Scaling Lab report';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${renderSections(doc)}
</body>
</html>
`;
}
