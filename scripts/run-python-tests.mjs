// Runs the Python test suites (Tiltfile against a recording Tilt stub, the locustfile, the model parity helpers)
// with the interpreter that carries Debian's python3-* packages.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { debianPython } from './debian-python.mjs';

const python = debianPython();
const suites = ['tilt/test', 'lab/locust/test', 'service/model/test'].filter((dir) => existsSync(dir));
let failed = false;
for (const dir of suites) {
  console.log(`\n# python unittest: ${dir}`);
  const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', dir, '-t', '.', '-v'], {
    stdio: 'inherit',
  });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
