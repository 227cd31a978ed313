// The counts behind `npm test`'s closing line "N passed, N failed, N skipped": unittest's output and Jest's --json
// report added up (scripts/run-python-tests.mjs and scripts/run-tests.mjs use them).

/** unittest's closing lines: "Ran 12 tests in 0.3s" then "OK (skipped=1)" or "FAILED (failures=1, errors=2)". */
export function unittestCounts(output) {
  const ran = Number(/^Ran (\d+) tests?/m.exec(output)?.[1] ?? 0);
  const count = (kind) => Number(new RegExp(`${kind}=(\\d+)`).exec(output)?.[1] ?? 0);
  const failed = count('failures') + count('errors') + count('unexpected successes');
  const skipped = count('skipped') + count('expected failures');
  return { passed: ran - failed - skipped, failed, skipped };
}

/**
 * The whole run: Python's counts (absent: the suites could not run, one failure) plus Jest's report (absent:
 * Jest could not run). A spec file that fails before any test runs has no failed test, so it counts as one; Jest
 * failing with no failing test (coverage below its thresholds) counts as one too, so the line never says
 * "0 failed" for a failed run.
 */
export function wholeRunCounts({ jest, python, jestStatus }) {
  const py = python ?? { passed: 0, failed: 1, skipped: 0 };
  const counts = { ...py };
  let jestFailures = 0;
  if (jest) {
    counts.passed += jest.numPassedTests;
    counts.skipped += jest.numPendingTests + jest.numTodoTests;
    const brokenFiles = jest.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    );
    jestFailures = jest.numFailedTests + brokenFiles.length;
  }
  const jestFailedSilently = jestStatus !== 0 && jestFailures === 0;
  counts.failed += jestFailures + (jestFailedSilently ? 1 : 0);
  return { ...counts, jestFailedSilently };
}

export const summaryLine = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed, ${skipped} skipped`;
