// `npm test`: lint, build, the Jest suite (coverage thresholds included), the Python suites, then one line
// "N passed, N failed, N skipped" for the whole run. Every step runs even when an earlier test step failed, so
// the line always covers both suites; lint or build failing stops the run (nothing meaningful to test).
// The line is also written to .cache/test-results/summary.txt, which .ci/run prints last.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryLine, wholeRunCounts } from './test-summary.mjs';

const RESULTS = join('.cache', 'test-results');
const JEST_JSON = join(RESULTS, 'jest.json');
const PYTHON_JSON = join(RESULTS, 'python.json');

function step(title, command, args) {
  console.log(`\n== ${title}`);
  return spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const prerequisites = step('prerequisites', process.execPath, ['scripts/check-prerequisites.mjs']);
if (prerequisites !== 0) process.exit(prerequisites);
for (const [title, script] of [
  ['lint (ESLint, Prettier)', 'lint'],
  ['build', 'build'],
]) {
  const status = step(title, npm, ['run', script]);
  if (status !== 0) process.exit(status);
}

const jestStatus = step('Jest (lab, service, service e2e, k8s) with coverage', process.execPath, [
  join('node_modules', 'jest', 'bin', 'jest.js'),
  '--ci',
  '--coverage',
  '--json',
  `--outputFile=${JEST_JSON}`,
]);
const pythonStatus = step('Python (Tiltfile, locustfile, model)', process.execPath, [
  join('scripts', 'run-python-tests.mjs'),
  '--counts',
  PYTHON_JSON,
]);

const counts = wholeRunCounts({ jest: readJson(JEST_JSON), python: readJson(PYTHON_JSON), jestStatus });
if (counts.jestFailedSilently) {
  console.error(
    '\nJest failed with no failing test: coverage below its thresholds, or Jest could not run (see above)',
  );
}
const summary = summaryLine(counts);
writeFileSync(join(RESULTS, 'summary.txt'), `${summary}\n`);
console.log(`\n${summary}`);
process.exit(jestStatus !== 0 || pythonStatus !== 0 || counts.failed > 0 ? 1 : 0);
