// scripts/check-prerequisites.mjs (the first step of `npm test`) with fake commands: a PATH holding only stand-in
// `wrk` and `docker` scripts, and PYTHON pointing at a stand-in interpreter.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const CHECK = join(findRepoRoot(__dirname), 'scripts', 'check-prerequisites.mjs');
const ALL_PYTHON_PACKAGES = 'python3-sklearn python3-onnx python3-locust python3-yaml';

describe('scripts/check-prerequisites.mjs', () => {
  let bin: string;

  const fake = (name: string, script: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const check = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CHECK], {
      encoding: 'utf8',
      env: {
        PATH: bin,
        PYTHON: join(bin, 'python'),
        LAB_CHROMIUM: join(bin, 'chromium'),
        CI: 'false',
        ...env,
      },
    });

  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'prerequisites-'));
    fake('python', 'echo'); // the check's own protocol: it prints the modules it could not find, here none
    fake('wrk', 'exit 0');
    fake('docker', 'exit 0');
    fake('chromium', 'exit 0');
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  it('passes silently when everything is there', () => {
    const run = check({ CI: 'true' });

    assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', '']);
  });

  it('lists every missing piece in one message with the apt command, and fails', () => {
    // Debian's real interpreter without its site directories: the check's query finds none of the four modules.
    fake('python', 'exec /usr/bin/python3 -S "$@"');
    rmSync(join(bin, 'wrk'));

    const run = check();

    assert.equal(run.status, 1);
    assert.match(run.stderr, /^npm test: missing prerequisites, nothing was run:\n/);
    for (const module of ['sklearn', 'onnx', 'locust', 'yaml']) {
      assert.match(run.stderr, new RegExp(`  - Python module ${module} for `));
    }
    assert.match(run.stderr, /  - wrk \(HTTP benchmark tool\)\n/);
    assert.match(
      run.stderr,
      new RegExp(
        `Install with: sudo apt-get install -y --no-install-recommends ${ALL_PYTHON_PACKAGES} wrk\\n$`,
      ),
    );
  });

  it('names only what is missing', () => {
    fake('python', 'echo locust');

    const run = check();

    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /Install with: sudo apt-get install -y --no-install-recommends python3-locust\n$/,
    );
    assert.doesNotMatch(run.stderr, /sklearn|wrk/);
  });

  it('without Docker: only a warning outside CI, a missing prerequisite with CI=true', () => {
    rmSync(join(bin, 'docker'));

    const local = check();
    const ci = check({ CI: 'true' });

    assert.equal(local.status, 0);
    assert.match(
      local.stderr,
      /warning: no Docker engine, so the container tests will be skipped \(with CI=true it fails\)/,
    );
    assert.match(local.stderr, /--no-install-recommends docker\.io\n$/);
    assert.equal(ci.status, 1);
    assert.match(ci.stderr, /missing prerequisites[^]*  - Docker \(CLI and engine\)[^]*docker\.io\n$/);
  });

  it('a Docker CLI whose engine does not answer: says how to start it', () => {
    fake('docker', 'exit 1');

    const run = check({ CI: 'true' });

    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /a running Docker engine \(`docker info` failed\) \(start it: scripts\/container\/dockerd-up\.sh\)/,
    );
    assert.doesNotMatch(run.stderr, /Install with/);
  });

  it('without chromium: only a warning outside CI (the browser test skips), a missing prerequisite with CI=true', () => {
    rmSync(join(bin, 'chromium'));

    const local = check();
    const ci = check({ CI: 'true' });

    assert.equal(local.status, 0);
    assert.match(local.stderr, /warning: no chromium, so the live view's browser test will be skipped/);
    assert.match(local.stderr, /--no-install-recommends chromium\n$/);
    assert.equal(ci.status, 1);
    assert.match(
      ci.stderr,
      /missing prerequisites[^]*  - chromium at [^\n]*\/chromium \(a headless browser\)[^]*chromium\n$/,
    );
  });
});
