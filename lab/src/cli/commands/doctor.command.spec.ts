// `lab doctor` and `lab run --process-usage` as users run them: the built CLI, its output and its exit status.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const CLI = join(findRepoRoot(__dirname), 'lab', 'dist', 'src', 'cli', 'main.js');

function lab(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lab doctor', () => {
  it('says what this machine can run, the source of pod CPU first, and exits 0 when the embedded lab can run', () => {
    const { status, stdout } = lab(['doctor'], { LAB_PROCESS_USAGE: 'ps' });
    assert.equal(status, 0, stdout);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'What this machine can run (lab doctor)');
    assert.match(lines[1], /^ {2}ok {7}pod CPU and memory: `ps -o pid=,time=,rss=` \(the portable source/);
    for (const topic of ['CPU limits', '--load locust', 'chromium', 'wrk', 'the cluster path'])
      assert.ok(
        lines.some((line) =>
          new RegExp(`^ {2}(ok {5}|missing) {2}.*${topic.replace(/[-,]/g, '.')}`).test(line),
        ),
        `no line about ${topic}:\n${stdout}`,
      );
  });

  it('exits 1, saying why, when the embedded lab cannot run (here: a setting it cannot take)', () => {
    const { status, stdout } = lab(['doctor'], { LAB_PROCESS_USAGE: 'cgroup' });
    assert.equal(status, 1, stdout);
    assert.match(
      stdout,
      /^ {2}missing {2}pod CPU and memory: no source: .*\n {11}how: LAB_PROCESS_USAGE=cgroup: expected proc or ps/m,
    );
    assert.match(stdout, /\nThe embedded lab cannot run here \(see the first line\)\.\n$/);
  });
});

describe('lab run --process-usage', () => {
  it('is listed in the help with its setting, and refuses a source it does not know', () => {
    const help = lab(['run', '--help']);
    assert.match(help.stdout, /--process-usage <source>\s+local: where pod CPU and memory are read/);
    assert.match(help.stdout, /env: LAB_PROCESS_USAGE/);
    const refused = lab(['run', '--target', 'local', '--profile', 'ci-smoke', '--process-usage', 'cgroup']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /argument 'cgroup' is invalid\. Allowed choices are proc, ps\./);
  });
});
