import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import { buildReport } from './build-report';
import { escapeHtml } from './render-html';

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
