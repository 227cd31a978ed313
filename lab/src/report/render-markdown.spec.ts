import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { escapeMarkdown, renderMarkdown } from './render-markdown';
import { FOLD_TABLE_ROWS, type Block } from './report-document';

describe('renderMarkdown', () => {
  it('escapes text from the run so it cannot add links, HTML, emphasis or table cells', () => {
    assert.equal(escapeMarkdown('[x](javascript:alert(1))'), '\\[x\\](javascript:alert(1))');
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(escapeMarkdown('a|b *c* `d`\nnext'), 'a\\|b \\*c\\* \\`d\\` next');
  });

  it('renders tables with numeric columns right-aligned and one row per record', () => {
    const markdown = renderMarkdown([
      { kind: 'heading', level: 2, text: 'Results' },
      {
        kind: 'table',
        columns: ['Metric', 'Value'],
        rows: [
          ['Requests', '1,310'],
          ['Error', 'a|b'],
        ],
        numeric: [false, true],
      },
    ]);
    assert.equal(
      markdown,
      '## Results\n\n| Metric | Value |\n| --- | ---: |\n| Requests | 1,310 |\n| Error | a\\|b |\n',
    );
  });

  it('fences code with more backticks than it contains', () => {
    assert.equal(renderMarkdown([{ kind: 'code', text: 'a ``` b' }]), '````json\na ``` b\n````\n');
  });

  const chart: Block = {
    kind: 'chart',
    title: 'Failures',
    alt: 'Failed requests per second.',
    svg: '<svg/>',
    file: 'charts/failures.svg',
  };

  it('links each chart to its SVG file (report.html inlines it) with the text alternative below', () => {
    assert.equal(
      renderMarkdown([chart]),
      '![Failures](charts/failures.svg)\n\n*Failed requests per second.*\n',
    );
  });

  it('adds the PNG for slides next to the chart when one was written', () => {
    assert.equal(
      renderMarkdown([{ ...chart, png: 'charts/failures.png' }]),
      '![Failures](charts/failures.svg)\n\n*Failed requests per second.* [PNG for slides](charts/failures.png)\n',
    );
  });

  it(`folds a table of records longer than ${FOLD_TABLE_ROWS} rows in <details> as report.html does`, () => {
    const rows = (count: number) => Array.from({ length: count }, (_, index) => [`${index} s`]);
    const long = renderMarkdown([
      { kind: 'table', columns: ['t'], rows: rows(FOLD_TABLE_ROWS + 1), foldLabel: 'Scale events' },
    ]);
    assert.equal(
      long,
      `<details><summary>Scale events (${FOLD_TABLE_ROWS + 1} rows)</summary>\n\n| t |\n| --- |\n${rows(
        FOLD_TABLE_ROWS + 1,
      )
        .map(([cell]) => `| ${cell} |`)
        .join('\n')}\n\n</details>\n`,
    );
    const short = renderMarkdown([
      { kind: 'table', columns: ['t'], rows: rows(FOLD_TABLE_ROWS), foldLabel: 'Scale events' },
    ]);
    assert.doesNotMatch(short, /details/);
    const keyValue = renderMarkdown([{ kind: 'table', columns: ['t'], rows: rows(FOLD_TABLE_ROWS + 8) }]);
    assert.doesNotMatch(keyValue, /details/, 'a table without foldLabel is always shown');
  });
});
