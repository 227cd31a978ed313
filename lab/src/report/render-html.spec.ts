import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun, tempDir } from '../../test/support/fixture-folder';
import { writeSyntheticRun } from '../../test/support/synthetic-run';
import { buildReport } from './build-report';
import { escapeHtml, renderHtml, responsiveSvg } from './render-html';
import { FOLD_TABLE_ROWS, type Block } from './report-document';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

/** The fixture run with attacker-controlled text everywhere the report shows run data. */
function hostileRun(): string {
  const dir = copyFixtureRun();
  const metaPath = join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  meta.profile.description = HOSTILE;
  meta.missing = [{ part: 'traces<b>', reason: HOSTILE }];
  meta.machine.hostname = HOSTILE;
  writeFileSync(metaPath, JSON.stringify(meta));
  appendFileSync(
    join(dir, 'events.jsonl'),
    JSON.stringify({
      time: meta.startedAt,
      elapsedSeconds: 9,
      kind: 'other',
      pod: HOSTILE,
      source: 'kubelet',
      message: HOSTILE,
    }) + '\n',
  );
  const failures = join(dir, 'locust_failures.csv');
  writeFileSync(
    failures,
    readFileSync(failures, 'utf8').replace(
      "CatchResponseError('status 503')",
      `"${HOSTILE.replace(/"/g, '""')}"`,
    ),
  );
  return dir;
}

describe('report.html', () => {
  const dir = hostileRun();
  buildReport(dir);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');

  it('is self-contained: no script, no external URL, a CSP that forbids loading anything', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    assert.doesNotMatch(html, /url\(\s*["']?https?:/i);
    assert.deepEqual(
      [...new Set(html.match(/https?:\/\/[^"'\s)]+/g))],
      ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink'],
      'only the SVG namespace names, which are never fetched',
    );
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  });

  it('contains the four charts as inline SVG on one time axis (and as files for report.md)', () => {
    for (const id of ['load', 'latency', 'capacity', 'failures']) {
      assert.match(readFileSync(join(dir, 'charts', `${id}.svg`), 'utf8'), /^<svg /);
    }
    assert.equal(html.match(/<svg /g)?.length, 4);
    for (const title of [
      'Users and throughput',
      'Response time percentiles',
      'Pods and CPU utilization',
      'Failures',
    ]) {
      assert.match(html, new RegExp(`<figcaption>${title}</figcaption>`));
    }
    assert.equal(html.match(/seconds since start/g)?.length, 4);
    assert.match(html, />↑4</, 'the scale-up to 4 replicas is marked');
  });

  it('escapes hostile text from meta.json, events and Locust failures', () => {
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<b>/);
    assert.ok(html.split(escapeHtml(HOSTILE)).length - 1 >= 4, 'each hostile string is shown, escaped');
  });

  it('escapeHtml escapes the five HTML-significant characters', () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;',
    );
  });
});

describe('report.html on screens, in print and for slides', () => {
  const table = (rows: number, foldLabel?: string): Block => ({
    kind: 'table',
    columns: ['t', 'Event'],
    rows: Array.from({ length: rows }, (_, index) => [`${index} s`, 'scale-up']),
    foldLabel,
  });

  it('has a print stylesheet: one section per page, charts at the page width, no links or fold markers', () => {
    const html = renderHtml([
      { kind: 'heading', level: 1, text: 'Report' },
      { kind: 'paragraph', text: 'What ran.' },
      { kind: 'heading', level: 2, text: 'Results' },
      { kind: 'paragraph', text: 'Numbers.' },
      { kind: 'heading', level: 2, text: 'Timeline' },
      { kind: 'heading', level: 3, text: 'Scale events' },
    ]);
    const print = html.match(/@media print\{([\s\S]*?)\n\}/)?.[1] ?? '';
    assert.match(print, /section\{break-before:page\}/);
    assert.match(print, /section:first-of-type\{break-before:auto\}/, 'the title shares the first page');
    assert.match(print, /body\{[^}]*max-width:none/);
    assert.match(print, /\.slides\{display:none\}/);
    assert.match(print, /summary::-webkit-details-marker\{display:none\}/);
    assert.match(html, /figure svg\{display:block;width:100%;height:auto\}/);
    assert.match(
      html,
      /<h1>Report<\/h1>\n<p>What ran.<\/p>\n<section>\n<h2>Results<\/h2>\n<p>Numbers.<\/p>\n<\/section>\n<section>\n<h2>Timeline<\/h2>\n<h3>Scale events<\/h3>\n<\/section>/,
    );
  });

  it('inlines every chart as a fluid SVG: width 100 %, no fixed height, the viewBox kept', () => {
    const dir = copyFixtureRun();
    buildReport(dir);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const roots = html.match(/<svg\b[^>]*>/g) ?? [];
    assert.equal(roots.length, 4);
    for (const root of roots) {
      assert.match(root, /^<svg width="100%" /);
      assert.match(root, /\sviewBox="0 0 900 240"/);
      assert.doesNotMatch(root, /\sheight=/);
    }
    assert.match(readFileSync(join(dir, 'charts', 'load.svg'), 'utf8'), /^<svg width="900" height="240" /);
    assert.equal(
      responsiveSvg('<svg width="9" height="3" viewBox="0 0 9 3"><rect width="9"/></svg>'),
      '<svg width="100%" viewBox="0 0 9 3"><rect width="9"/></svg>',
    );
  });

  it(`folds a table of records longer than ${FOLD_TABLE_ROWS} rows in <details>, with its row count`, () => {
    const html = renderHtml([
      table(FOLD_TABLE_ROWS + 1, 'Scale events'),
      table(FOLD_TABLE_ROWS, 'HPA decisions'),
      table(FOLD_TABLE_ROWS + 5),
    ]);
    assert.equal(html.match(/<details>/g)?.length, 1, 'only the long table of records is folded');
    assert.match(
      html,
      new RegExp(`<details><summary>Scale events \\(${FOLD_TABLE_ROWS + 1} rows\\)</summary>\n<table>`),
    );
    assert.match(html, /<\/table>\n<\/details>/);
  });

  it('folds the HPA decisions of a long run in both reports', () => {
    const dir = join(tempDir(), 'run-500');
    writeSyntheticRun(dir, { users: 500, spawnRate: 10, durationSeconds: 300 });
    buildReport(dir);
    const rows = readFileSync(join(dir, 'hpa-decisions.jsonl'), 'utf8').trim().split('\n').length;
    assert.ok(rows > FOLD_TABLE_ROWS, `the synthetic run has ${rows} decisions`);
    const summary = `<details><summary>HPA decisions (${rows} rows)</summary>`;
    assert.ok(readFileSync(join(dir, 'report.html'), 'utf8').includes(summary));
    assert.ok(readFileSync(join(dir, 'report.md'), 'utf8').includes(`${summary}\n\n| t |`));
  });
});
