// `lab compare --reference`: the compiled CLI prints the table with the reference report's column, writes the
// HTML, and refuses an unknown report id naming the known ones.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import { tempDir } from './support/fixture-folder';
import { labCli, startLab } from './support/lab-process';
import { itUnless } from './support/skip';
import { writeSyntheticRun } from './support/synthetic-run';

const notBuilt = !existsSync(labCli) && `lab not built (${labCli}): npm run build`;

describe('lab compare --reference', () => {
  const root = tempDir('lab-compare-cli-');
  const dirs = [150, 300].map((users) => {
    const dir = join(root, `run-${users}`);
    writeSyntheticRun(dir, { users, spawnRate: 10, durationSeconds: 30 });
    return dir;
  });

  itUnless(notBuilt)('adds the published figures beside each run, in Markdown and HTML', async () => {
    const html = join(root, 'compare.html');
    const lab = startLab(['compare', ...dirs, '--reference', 'report-001', '--html', html]);
    assert.equal(await lab.exited, 0, lab.output());
    assert.match(
      lab.output(),
      /^\| Metric \| 150 Users \| report-001 locust-150 \| 300 Users \| report-001 locust-300 \|\n/,
    );
    assert.match(lab.output(), /\n\| Throughput \(req\/s\) \| [\d.]+ \| 304\.20 \| [\d.]+ \| 448\.70 \|\n/);
    assert.match(readFileSync(html, 'utf8'), /<th>report-001 locust-300<\/th>/);
  });

  itUnless(notBuilt)('refuses an unknown report id, naming the known ones', async () => {
    const lab = startLab(['compare', ...dirs, '--reference', 'report-002']);
    assert.equal(await lab.exited, 1);
    assert.equal(
      lab.output(),
      'lab: unknown reference "report-002": give <report-id>[:<experiment>], report ids: report-000, report-001, report-004\n',
    );
  });
});
