// First step of `npm test`: checks, before anything runs, what the suite needs beyond npm packages, and lists
// every missing piece in one message with the command that installs it (exit 1), instead of failing one test
// file at a time minutes in. Docker and chromium are only warnings outside CI: the container tests and the live
// view's browser test skip without them, while with CI=true they must run (.ci/run installs both).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { debianPython } from './debian-python.mjs';

/** Python module → the Debian package that provides it for /usr/bin/python3. */
const PYTHON_MODULES = {
  sklearn: 'python3-sklearn',
  onnx: 'python3-onnx',
  locust: 'python3-locust',
  yaml: 'python3-yaml',
};
// find_spec locates a module without importing it (importing scikit-learn alone takes a second or two).
const FIND_MISSING = `import importlib.util, sys
print(" ".join(name for name in sys.argv[1:] if importlib.util.find_spec(name) is None))`;

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Missing prerequisites as { what, apt?, fix? }: apt names a Debian package, fix says what else to do. */
function missingPrerequisites() {
  const missing = [];
  const python = debianPython();
  const modules = Object.keys(PYTHON_MODULES);
  const found = spawnSync(python, ['-c', FIND_MISSING, ...modules], { encoding: 'utf8', timeout: 30_000 });
  if (found.status !== 0) {
    missing.push({ what: `${python} (Python 3 with Debian's packages)`, apt: 'python3' });
    missing.push(...modules.map((name) => ({ what: `Python module ${name}`, apt: PYTHON_MODULES[name] })));
  } else {
    for (const name of found.stdout.split(/\s+/).filter(Boolean)) {
      missing.push({ what: `Python module ${name} for ${python}`, apt: PYTHON_MODULES[name] });
    }
  }
  if (!onPath('wrk')) missing.push({ what: 'wrk (HTTP benchmark tool)', apt: 'wrk' });
  return missing;
}

/** Why no Docker engine answers, or undefined when one does. */
function dockerProblem() {
  if (!onPath('docker')) return { what: 'Docker (CLI and engine)', apt: 'docker.io' };
  const info = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
  if (info.status === 0) return undefined;
  return {
    what: 'a running Docker engine (`docker info` failed)',
    fix: 'start it: scripts/container/dockerd-up.sh',
  };
}

function describe(items) {
  const lines = items.map((item) => `  - ${item.what}${item.fix ? ` (${item.fix})` : ''}`);
  const packages = items.filter((item) => item.apt).map((item) => item.apt);
  if (packages.length > 0) {
    lines.push(`Install with: sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  }
  return lines.join('\n');
}

/** The browser of lab/test/live-view.e2e-spec.ts (LAB_CHROMIUM there and here names another). */
function chromiumProblem() {
  const chromium = process.env.LAB_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(chromium)
    ? undefined
    : { what: `chromium at ${chromium} (a headless browser)`, apt: 'chromium' };
}

const missing = missingPrerequisites();
const ci = process.env.CI === 'true';
const optional = [
  [dockerProblem(), 'no Docker engine, so the container tests will be skipped'],
  [chromiumProblem(), "no chromium, so the live view's browser test will be skipped"],
];
for (const [problem, consequence] of optional) {
  if (problem && ci) missing.push(problem);
  if (problem && !ci)
    console.warn(`npm test: warning: ${consequence} (with CI=true it fails):\n${describe([problem])}`);
}
if (missing.length > 0) {
  console.error(`npm test: missing prerequisites, nothing was run:\n${describe(missing)}`);
  process.exit(1);
}
