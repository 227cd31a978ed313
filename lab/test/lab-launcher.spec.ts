// scripts/lab.mjs (`npm run lab`) on a stand-in checkout in a temp folder: the launcher copied under scripts/, a
// package.json whose `build` script writes the CLI and the service bundles, and source folders to touch.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const LAUNCHER = join(findRepoRoot(__dirname), 'scripts', 'lab.mjs');

// The stand-in build writes a CLI that prints its arguments and exits with code 3, so the test sees both pass.
const BUILD = `
const { mkdirSync, writeFileSync } = require('node:fs');
if (process.env.BUILD_FAILS) process.exit(2);
mkdirSync('lab/dist/src/cli', { recursive: true });
writeFileSync('lab/dist/src/cli/main.js', 'console.log("cli " + JSON.stringify(process.argv.slice(2))); process.exitCode = 3;');
mkdirSync('service/dist/src/bundle', { recursive: true });
for (const file of ['main.js', 'register.js', 'tracing.js']) writeFileSync('service/dist/src/bundle/' + file, '');
console.log('built');
`;

describe('scripts/lab.mjs', () => {
  let checkout: string;

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(checkout, path)), { recursive: true });
    writeFileSync(join(checkout, path), text);
  };
  const lab = (env: Record<string, string> = {}, args = ['run', '--profile', 'demo']) =>
    spawnSync(process.execPath, [join(checkout, 'scripts', 'lab.mjs'), ...args], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const secondsAgo = (path: string, seconds: number) => {
    const when = new Date(Date.now() - seconds * 1000);
    utimesSync(join(checkout, path), when, when);
  };

  beforeEach(() => {
    checkout = mkdtempSync(join(tmpdir(), 'lab-launcher-'));
    mkdirSync(join(checkout, 'scripts'));
    copyFileSync(LAUNCHER, join(checkout, 'scripts', 'lab.mjs'));
    write(
      'package.json',
      JSON.stringify({ name: 'stand-in', private: true, scripts: { build: 'node build.js' } }),
    );
    write('build.js', BUILD);
    write('lab/src/cli/main.ts', '');
    write('service/src/main.ts', '');
    mkdirSync(join(checkout, 'node_modules'));
  });
  afterEach(() => rmSync(checkout, { recursive: true, force: true }));

  it('on an unbuilt checkout: says why, builds, then runs the CLI with the arguments and its exit code', () => {
    const run = lab();

    assert.match(
      run.stderr,
      /^lab: lab\/dist\/src\/cli\/main\.js is missing; building first \(npm run build\)/m,
    );
    assert.match(run.stdout, /built\n[^]*cli \["run","--profile","demo"\]\n$/);
    assert.equal(run.status, 3);
  });

  it('when the build is current: runs the CLI without building', () => {
    lab();
    for (const source of ['lab/src/cli/main.ts', 'service/src/main.ts']) secondsAgo(source, 60);

    const run = lab();

    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'cli ["run","--profile","demo"]\n');
  });

  it('when a source changed after the last build: builds again', () => {
    lab();
    for (const bundle of ['main.js', 'register.js', 'tracing.js'])
      secondsAgo(`service/dist/src/bundle/${bundle}`, 60);

    const run = lab();

    assert.match(run.stderr, /^lab: lab\/src\/cli\/main\.ts changed after the last build; building first/m);
    assert.match(run.stdout, /built\n/);
  });

  it('without node_modules: says to install the dependencies first, and builds nothing', () => {
    rmSync(join(checkout, 'node_modules'), { recursive: true });

    const run = lab();

    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      'lab: the dependencies are not installed. Run: npm ci && npm run lab -- run --profile demo\n',
    );
    assert.equal(run.stdout, '');
  });

  it('when the build fails: prints the exact commands to run and does not start the CLI', () => {
    const run = lab({ BUILD_FAILS: '1' });

    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /lab: the build failed \(see above\)\. Fix it, then run: npm run build && npm run lab -- run --profile demo\n$/,
    );
    assert.doesNotMatch(run.stdout, /cli /);
  });

  it('quotes the arguments it repeats where a shell needs it', () => {
    const run = lab({ BUILD_FAILS: '1' }, ['report', "results/it's mine", '--check']);

    assert.match(run.stderr, /npm run lab -- report 'results\/it'\\''s mine' --check\n$/);
  });
});
