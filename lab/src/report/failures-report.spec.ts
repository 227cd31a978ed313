// The report's failure parts on a recorded run whose timeline carries failures by class and unready pods: the
// table by class, Locust's error table with each row's class, the verdict sentence and the classes on the chart.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import type { TimelineSample } from '../results/results.types';
import { buildReport } from './build-report';

/**
 * The recorded run's 51 failures (503s) spread over its samples; at the 5 s sample the scale-up's two new pods
 * are there but not ready yet.
 */
function runWithClassifiedFailures(): string {
  const dir = copyFixtureRun();
  const file = join(dir, 'timeline.jsonl');
  const failuresAt: Record<number, number> = { 0: 0, 5: 40, 10: 11 };
  const samples = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TimelineSample)
    .map((sample) => {
      const count = failuresAt[sample.elapsedSeconds];
      const classified = { ...sample, failures: count ? { 'http-503-unready': count } : {} };
      if (sample.elapsedSeconds !== 5) return classified;
      const starting = ['iris-c', 'iris-d'].map((name) => ({ ...sample.pods[0], name, ready: false }));
      return {
        ...classified,
        replicas: { desired: 4, current: 4, ready: 2 },
        pods: [...sample.pods, ...starting],
      };
    });
  writeFileSync(file, samples.map((sample) => JSON.stringify(sample)).join('\n') + '\n');
  return dir;
}

describe('the report on classified failures', () => {
  const dir = runWithClassifiedFailures();
  const report = buildReport(dir);
  const markdown = readFileSync(report.markdownPath, 'utf8');

  it('has a failures table by class with counts, shares and meanings', () => {
    assert.match(markdown, /\| Class +\| Failures \| +Share \| What it means +\|/);
    assert.match(
      markdown,
      /\| http-503-unready \| +51 \| +100\.0% \| 503 Service Unavailable: a pod not ready/,
    );
  });

  it("classifies each row of Locust's error table", () => {
    assert.match(
      markdown,
      /\| POST +\| \/predict \| CatchResponseError\('status 503'\) \| http-503-unready \| +51 \|/,
    );
  });

  it('explains the failures in the verdict with what was true when they happened', () => {
    const finding = report.findings.find((f) => f.rule === 'failures-explained');
    assert.equal(
      finding?.text,
      '100 % of failures (51) were 503s from pods not ready or draining, at t=5–10 s, while 2 new pods were ' +
        'not ready yet (2 of 4 desired ready). CPU throttling was not recorded in this run (no CFS counters: ' +
        'no CPU limit enforced or read).',
    );
    assert.ok(
      markdown.includes('while 2 new pods were not ready yet (2 of 4 desired ready)'),
      'in report.md',
    );
  });

  it('draws the classes on the failures chart', () => {
    const svg = readFileSync(join(dir, 'charts', 'failures.svg'), 'utf8');
    assert.match(svg, />http-503-unready</);
    assert.match(svg, />failures\/s \(Locust\)</);
  });
});
