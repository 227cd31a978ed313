import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import { buildReport } from './build-report';
import { checkReportConsistency, readResultsTable } from './consistency';

function builtRun(): string {
  const dir = copyFixtureRun();
  buildReport(dir);
  return dir;
}

const edit = (path: string, from: string, to: string): void => {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${from} not in ${path}`);
  writeFileSync(path, text.replace(from, to));
};

describe('checkReportConsistency', () => {
  it('finds a freshly built report consistent with the raw CSVs and timeline', () => {
    const dir = builtRun();
    assert.deepEqual(checkReportConsistency(dir), []);
    const table = readResultsTable(readFileSync(join(dir, 'report.md'), 'utf8'));
    assert.equal(table.get('Requests'), '1,310');
    assert.equal(table.get('Pods ready (start → max)'), '2 → 4 (HPA 2–10)');
  });

  it('flags a report whose numbers differ from the CSVs', () => {
    const dir = builtRun();
    edit(join(dir, 'report.md'), '| Requests | 1,310 |', '| Requests | 1,311 |');
    edit(join(dir, 'report.md'), '| P95 latency | 210 ms |', '| P95 latency | 200 ms |');
    assert.deepEqual(checkReportConsistency(dir), [
      'report.md: Requests is "1,311", the raw files give "1,310"',
      'report.html: Requests does not show "1,311" as report.md does',
      'report.md: P95 latency is "200 ms", the raw files give "210 ms"',
      'report.html: P95 latency does not show "200 ms" as report.md does',
    ]);
  });

  it('flags raw files that contradict each other, and a missing report', () => {
    const dir = builtRun();
    edit(join(dir, 'locust_failures.csv'), ',51', ',50');
    rmSync(join(dir, 'report.html'));
    assert.deepEqual(checkReportConsistency(dir), [
      'locust_failures.csv: occurrences do not add up to the Aggregated failure count 51',
      'report.html is missing',
    ]);
    rmSync(join(dir, 'report.md'));
    assert.match(checkReportConsistency(dir).at(-1) ?? '', /report\.md is missing/);
  });

  it('flags more pods ready than the timeline shows', () => {
    const dir = builtRun();
    edit(join(dir, 'report.md'), '2 → 4 (HPA', '2 → 5 (HPA');
    assert.match(checkReportConsistency(dir)[0], /Pods ready \(start → max\) is "2 → 5 \(HPA 2–10\)"/);
  });
});
