// `lab report <dir> --open` (compiled CLI) with a stub opener on PATH, and with none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from '@jest/globals';
import { copyFixtureRun, tempDir } from './support/fixture-folder';
import { describeUnless } from './support/skip';

const labCli = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

/** `lab report <dir> --open` with only `pathDir` on PATH and no WSL marker, so the Linux or macOS opener is used. */
function reportOpen(dir: string, pathDir: string, log: string) {
  return spawnSync(process.execPath, [labCli, 'report', dir, '--open'], {
    encoding: 'utf8',
    env: { PATH: pathDir, OPENER_LOG: log },
  });
}

/** The opener runs detached and may finish after the CLI: wait for what it wrote (generous bound). */
async function waitForFile(path: string): Promise<string> {
  const until = Date.now() + 60_000;
  while (!existsSync(path) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

describeUnless(process.platform === 'win32' && 'the stub opener is a POSIX shell script')(
  'lab report --open',
  () => {
    it('opens report.html with the platform opener found on PATH', async () => {
      const dir = copyFixtureRun();
      const bin = join(tempDir('lab-opener-'), 'bin');
      mkdirSync(bin);
      // One stub under every name the lab may pick on Linux or macOS; it records its arguments.
      for (const name of ['xdg-open', 'open']) {
        writeFileSync(join(bin, name), `#!/bin/sh\nprintf '%s %s\\n' "\${0##*/}" "$*" > "$OPENER_LOG"\n`);
        chmodSync(join(bin, name), 0o755);
      }
      const log = join(dir, 'opener.log');
      const run = reportOpen(dir, bin, log);
      assert.equal(run.status, 0, run.stderr);
      const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
      assert.match(run.stdout, new RegExp(`^opened with ${opener}$`, 'm'));
      assert.equal(await waitForFile(log), `${opener} ${join(dir, 'report.html')}\n`);
    });

    it('prints the path and still succeeds when no opener exists', () => {
      const dir = copyFixtureRun();
      const log = join(dir, 'opener.log');
      const run = reportOpen(dir, tempDir('lab-no-opener-'), log);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(
        run.stdout.includes(
          `no desktop opener found (xdg-open, open, wslview): open ${join(dir, 'report.html')} in a browser`,
        ),
        run.stdout,
      );
      assert.ok(existsSync(join(dir, 'report.html')));
      assert.ok(!existsSync(log));
    });
  },
);
