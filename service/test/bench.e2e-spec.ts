// Smoke test of the benchmark script (service/bench/run.mjs) in a tiny mode, so it cannot silently rot:
// it must run wrk against the ceiling and the built service, print its table and write parseable results.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { findRepoRoot } from '../src/contracts/repo-root';

const REPO = findRepoRoot(__dirname);
const BENCH = join(REPO, 'service', 'bench', 'run.mjs');
const wrkMissing = spawnSync('wrk', ['--version']).error !== undefined;

function runBench(args: string[]) {
  return spawnSync(process.execPath, [BENCH, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

const wrkNote = wrkMissing ? ' (skipped: wrk is not installed, Debian package wrk)' : '';
(wrkMissing ? describe.skip : describe)(`bench/run.mjs${wrkNote}`, () => {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('measures the ceiling and the tracing-off service, prints the table and writes parseable results', () => {
    const jsonOut = join(workDir, 'results.json');
    const bench = runBench([
      ...['--cases', 'b,c', '--duration', '1', '--warmup', '0', '--connections', '50'],
      ...['--rss-connections', '20', '--rss-seconds', '1', '--json-out', jsonOut],
    ]);

    assert.equal(bench.status, 0, bench.stderr);
    assert.match(bench.stdout, /^case\s+conns\s+req\/s\s+p50 ms\s+p99 ms/m);
    assert.match(bench.stdout, /ratios at\s+50 connections: a\/c = n\/a\s+b\/c = \d\.\d{3}/);
    assert.match(bench.stderr, /\[bench\] c: 50 connections for 1 s/);
    const results = JSON.parse(readFileSync(jsonOut, 'utf8'));
    for (const id of ['b', 'c']) {
      const run = results.cases[id].runs['50'];
      assert.ok(run.requestsPerSecond > 0, `${id} served requests`);
      assert.equal(run.failures, 0, `${id} answered every request with 2xx`);
      assert.ok(run.p50Ms > 0 && run.p99Ms >= run.p50Ms, `${id} latency percentiles are ordered`);
      assert.ok(results.cases[id].readyMs > 0 && results.cases[id].rss.peakRssMiB > 10);
    }
    assert.ok(results.ratios['50'].bc > 0);
    const verdicts = Object.fromEntries(
      results.targets.map((t: { id: string; verdict: string }) => [t.id, t.verdict]),
    );
    assert.match(verdicts['b/c@50'], /^(PASS|MISS)$/);
    assert.equal(verdicts['a/c@50'], 'n/a', 'a target without its case is not judged');
  });

  it('rejects an unknown case with a usage message and a non-zero exit', () => {
    const bench = runBench(['--cases', 'x']);
    assert.equal(bench.status, 1);
    assert.match(bench.stderr, /--cases takes a, b and c, got "x"/);
  });
});
