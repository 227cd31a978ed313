// Ctrl-C on `lab run`: the run stops, pods and the load generator are gone, partial results and the report stay.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import { startLab } from './support/lab-process';
import { itUnless } from './support/skip';
import { serviceEntry } from '../src/manifests/repo-paths';
import { processAlive } from './support/fake-pod-spec';
import { until } from './support/until';

/** Every process whose parent is `pid`, from /proc. */
// Array.from: readdirSync's array belongs to Node's own realm, which deepStrictEqual tells apart from the test's
// literals under Jest.
function childrenOf(pid: number): number[] {
  return Array.from(readdirSync('/proc'))
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('lab run, interrupted', () => {
  itUnless(!existsSync(serviceEntry) && `service not built (${serviceEntry})`)(
    'stops cleanly on SIGINT: no child process left, partial results and report kept',
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'lab-sigint-')), 'run');
      const { run, exited, output } = startLab([
        'run',
        '--target',
        'local',
        '--profile',
        'ci-smoke',
        '--duration',
        '60',
        '--out',
        out,
      ]);
      // Something recorded to keep: the first timeline sample, printed as a progress line.
      await until(
        'the first progress line',
        () => {
          assert.equal(run.exitCode, null, `lab run ended early:\n${output()}`);
          return /^\[\d+\/60s\] {2}users /m.test(output());
        },
        120,
        output,
      );
      const children = childrenOf(run.pid!);
      assert.ok(
        children.length >= 3,
        `expected pods and the load generator, found ${children.length} children`,
      );
      process.kill(-run.pid!, 'SIGINT');
      const code = await exited;
      assert.equal(code, 130, output());
      assert.deepEqual(children.filter(processAlive), [], 'processes left behind');
      const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
      assert.equal(meta.status, 'interrupted');
      assert.ok(readFileSync(join(out, 'locust_stats.csv'), 'utf8').includes('Aggregated'));
      assert.ok(readFileSync(join(out, 'timeline.jsonl'), 'utf8').trim() !== '', 'no timeline sample kept');
      assert.ok(existsSync(join(out, 'report.md')), output());
    },
  );
});
