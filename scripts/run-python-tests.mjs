// Runs the Python test suites (Tiltfile against a recording Tilt stub, the locustfile, the model parity helpers)
// with the interpreter that carries Debian's python3-* packages. Prints unittest's output as it comes and, with
// --counts FILE, writes {"passed", "failed", "skipped"} for the whole-run summary of scripts/run-tests.mjs.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { debianPython } from './debian-python.mjs';
import { unittestCounts } from './test-summary.mjs';

const python = debianPython();
const suites = ['tilt/test', 'lab/locust/test', 'service/model/test'].filter((dir) => existsSync(dir));
const countsFile = process.argv.includes('--counts')
  ? process.argv[process.argv.indexOf('--counts') + 1]
  : undefined;

function runSuite(dir) {
  return new Promise((resolve) => {
    console.log(`\n# python unittest: ${dir}`);
    const child = spawn(python, ['-m', 'unittest', 'discover', '-s', dir, '-t', '.', '-v'], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ status: 1, counts: { passed: 0, failed: 1, skipped: 0 }, error }));
    child.on('close', (status) => {
      const counts = unittestCounts(output);
      // A suite that could not even start (import error, no interpreter) counts as one failure, never as zero.
      if (status !== 0 && counts.failed === 0) counts.failed = 1;
      resolve({ status, counts });
    });
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of suites) {
    const { counts, error } = await runSuite(dir);
    if (error) console.error(`cannot run ${python}: ${error.message}`);
    for (const key of Object.keys(total)) total[key] += counts[key];
  }
  if (countsFile) writeFileSync(countsFile, JSON.stringify(total));
  process.exit(total.failed > 0 ? 1 : 0);
}
