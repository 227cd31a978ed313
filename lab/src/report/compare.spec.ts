import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { tempDir } from '../../test/support/fixture-folder';
import { writeSyntheticRun } from '../../test/support/synthetic-run';
import { readResults } from '../results/results-reader';
import { compareRuns, compareTable, renderCompareHtml, renderCompareMarkdown } from './compare';
import { formatRate } from './format';

describe('compare (synthetic 150/300/500-user runs)', () => {
  const root = tempDir('lab-compare-');
  const dirs = [500, 150, 300].map((users) => {
    const dir = join(root, `run-${users}`);
    writeSyntheticRun(dir, {
      users,
      spawnRate: users === 500 ? 20 : 10,
      durationSeconds: users === 500 ? 60 : 40,
    });
    return dir;
  });

  it('builds the reports table, one column per run ordered by peak users', () => {
    const table = compareTable(compareRuns(dirs));
    assert.deepEqual(table.columns, ['Metric', '150 Users', '300 Users', '500 Users']);
    assert.deepEqual(
      table.rows.map((row) => row[0]),
      [
        'Throughput (req/s)',
        'Median latency',
        'P95 latency',
        'Failures',
        'Max pods',
        'Time to scale',
        'First scale-up at',
        'Peak CPU (target)',
        'Setup',
      ],
    );
    assert.equal(table.rows[8][1], 'profile 150, local, HPA report-001, model cost 3 ms');
    const throughput = [150, 300, 500].map((users) => {
      const total = readResults(join(root, `run-${users}`)).locust.stats.at(-1);
      return formatRate(total?.requestsPerSecond ?? null);
    });
    assert.deepEqual(table.rows[0].slice(1), throughput, 'throughput comes from each run’s Aggregated row');
    assert.equal(table.rows[4][3], '2 → 10', 'the 500-user run reaches maxReplicas');
  });

  it('renders Markdown and self-contained HTML', () => {
    const table = compareTable(compareRuns(dirs.slice(0, 2)));
    const markdown = renderCompareMarkdown(table);
    assert.match(
      markdown,
      /^\| Metric \| 150 Users \| 500 Users \|\n\| --- \| ---: \| ---: \|\n\| Throughput \(req\/s\) \| /,
    );
    const html = renderCompareHtml(table);
    assert.doesNotMatch(html, /<script|https?:/);
    assert.match(html, /<th>500 Users<\/th>/);
  });

  it('names the target when runs come from different targets', () => {
    const kind = join(root, 'run-kind');
    writeSyntheticRun(kind, { users: 150, spawnRate: 10, durationSeconds: 16, target: 'kind' });
    assert.deepEqual(compareTable(compareRuns([dirs[1], kind])).columns.slice(1), [
      '150 Users (local)',
      '150 Users (kind)',
    ]);
  });

  it('fails clearly on no folder or a folder that is not a run', () => {
    assert.throws(() => compareRuns([]), /give at least one results folder/);
    assert.throws(() => compareRuns([dirs[0], root]), /not a results folder \(no meta\.json\)/);
  });
});
