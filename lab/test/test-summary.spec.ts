// scripts/test-summary.mjs: the counts behind `npm test`'s closing line "N passed, N failed, N skipped". An ES
// module, so it runs in a node child (Jest here loads no ESM).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const SUMMARY = join(findRepoRoot(__dirname), 'scripts', 'test-summary.mjs');

function call(name: string, argument: unknown): unknown {
  const script = `import(process.argv[1]).then((m) => console.log(JSON.stringify(m[process.argv[2]](JSON.parse(process.argv[3])))))`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, SUMMARY, name, JSON.stringify(argument)], {
      encoding: 'utf8',
    }),
  );
}

const jestReport = (passed: number, failed: number, pending: number, brokenFiles = 0) => ({
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: pending,
  numTodoTests: 0,
  testResults: [
    { status: 'passed', assertionResults: [{}] },
    ...Array.from({ length: brokenFiles }, () => ({ status: 'failed', assertionResults: [] })),
  ],
});

describe('scripts/test-summary.mjs', () => {
  it("reads unittest's closing lines", () => {
    assert.deepEqual(call('unittestCounts', 'Ran 12 tests in 0.3s\n\nOK (skipped=1)\n'), {
      passed: 11,
      failed: 0,
      skipped: 1,
    });
    assert.deepEqual(
      call('unittestCounts', 'Ran 10 tests in 1s\n\nFAILED (failures=1, errors=2, skipped=3)\n'),
      {
        passed: 4,
        failed: 3,
        skipped: 3,
      },
    );
  });

  it('adds Jest and Python up into the closing line', () => {
    const counts = call('wholeRunCounts', {
      jest: jestReport(690, 2, 3),
      python: { passed: 150, failed: 1, skipped: 2 },
      jestStatus: 1,
    });
    assert.deepEqual(counts, { passed: 840, failed: 3, skipped: 5, jestFailedSilently: false });
    assert.equal(call('summaryLine', counts), '840 passed, 3 failed, 5 skipped');
  });

  it('never says 0 failed for a failed run: broken spec files, thresholds missed, a suite that did not run', () => {
    const python = { passed: 10, failed: 0, skipped: 0 };
    assert.equal(
      (call('wholeRunCounts', { jest: jestReport(5, 0, 0, 2), python, jestStatus: 1 }) as { failed: number })
        .failed,
      2,
    );
    assert.deepEqual(call('wholeRunCounts', { jest: jestReport(5, 0, 0), python, jestStatus: 1 }), {
      passed: 15,
      failed: 1,
      skipped: 0,
      jestFailedSilently: true,
    });
    assert.deepEqual(call('wholeRunCounts', { jest: jestReport(5, 0, 0), jestStatus: 0 }), {
      passed: 5,
      failed: 1,
      skipped: 0,
      jestFailedSilently: false,
    });
  });
});
