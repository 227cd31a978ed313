import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { tempDir } from '../../test/support/fixture-folder';
import { writeSyntheticRun } from '../../test/support/synthetic-run';
import { readResults } from '../results/results-reader';
import { chooseReference, loadReferenceReports, type PublishedResults } from '../reference/reference-reports';
import {
  compareRuns,
  compareTable,
  renderCompareHtml,
  renderCompareMarkdown,
  type CompareTable,
} from './compare';
import { formatRate } from './format';

const row = (table: CompareTable, label: string): string[] => {
  const found = table.rows.find((cells) => cells[0] === label);
  assert.ok(found, `no row ${label}`);
  return found;
};
/** The cells of one column, by row label. */
const column = (table: CompareTable, name: string): Record<string, string> => {
  const index = table.columns.indexOf(name);
  assert.ok(index > 0, `no column ${name} in ${table.columns.join(', ')}`);
  return Object.fromEntries(table.rows.map((cells) => [cells[0], cells[index]]));
};
const references = loadReferenceReports();

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
        'Requests',
        'Duration',
        'Throughput (req/s)',
        'Average latency',
        'Median latency',
        'P95 latency',
        'P99 latency',
        'Max latency',
        'Failures',
        'Max pods',
        'Time to scale',
        'First scale-up at',
        'Peak CPU (target)',
        'Setup',
      ],
    );
    assert.deepEqual(row(table, 'Setup')[1], 'profile 150, local, HPA report-001, model cost 3 ms');
    const throughput = [150, 300, 500].map((users) => {
      const total = readResults(join(root, `run-${users}`)).locust.stats.at(-1);
      return formatRate(total?.requestsPerSecond ?? null);
    });
    assert.deepEqual(
      row(table, 'Throughput (req/s)').slice(1),
      throughput,
      'throughput comes from each run’s Aggregated row',
    );
    assert.equal(row(table, 'Max pods')[3], '2 → 10', 'the 500-user run reaches maxReplicas');
  });

  it('renders Markdown and self-contained HTML', () => {
    const table = compareTable(compareRuns(dirs.slice(0, 2)));
    const markdown = renderCompareMarkdown(table);
    assert.match(
      markdown,
      /^\| Metric \| 150 Users \| 500 Users \|\n\| --- \| ---: \| ---: \|\n\| Requests \| /,
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

  describe('with a reference report (--reference)', () => {
    it('puts beside each run the experiment its profile reproduces, with the figures the report publishes', () => {
      const table = compareTable(compareRuns(dirs), chooseReference('report-001', references));
      assert.deepEqual(table.columns, [
        'Metric',
        '150 Users',
        'report-001 locust-150',
        '300 Users',
        'report-001 locust-300',
        '500 Users',
        'report-001 locust-500',
      ]);
      assert.deepEqual(column(table, 'report-001 locust-150'), {
        Requests: '45,632',
        Duration: '—',
        'Throughput (req/s)': '304.20',
        'Average latency': '245 ms',
        'Median latency': '—',
        'P95 latency': '—',
        'P99 latency': '—',
        'Max latency': '2340 ms',
        Failures: '127 (0.28%)',
        'Max pods': '2 → 6',
        'Time to scale': '—',
        'First scale-up at': '—',
        'Peak CPU (target)': '—',
        Setup: 'published, GKE, HPA report-001: Locust, 150 users spawned at 10 users/s (lab profile 150)',
      });
      assert.equal(column(table, 'report-001 locust-500')['Failures'], '8,934 (6.64%)');
      assert.equal(column(table, 'report-001 locust-500')['Max pods'], '2 → 15');
    });

    it('skips runs whose profile the report did not run, and shows a maximum without a start as it is given', () => {
      const table = compareTable(compareRuns(dirs), chooseReference('report-000', references));
      assert.deepEqual(table.columns.slice(1), [
        '150 Users',
        'report-000 phase-1',
        '300 Users',
        'report-000 phase-2',
        '500 Users',
      ]);
      assert.equal(column(table, 'report-000 phase-2')['Max pods'], '10');
      assert.equal(column(table, 'report-000 phase-2')['Median latency'], '56 ms');
      assert.equal(column(table, 'report-000 phase-2')['Failures'], '0 (0.00%)');
    });

    it('shows a named experiment as the last column; report 004’s failures from its success rates', () => {
      const runs = compareRuns(dirs.slice(1, 2));
      const test2 = column(
        compareTable(runs, chooseReference('report-004:test-2', references)),
        'report-004 test-2',
      );
      assert.deepEqual(
        [test2['Duration'], test2['P99 latency'], test2['Failures'], test2['Max pods']],
        ['26 s', '720 ms', '18 (1.80%)', '1 → 3'],
      );
      assert.deepEqual([test2['First scale-up at'], test2['Peak CPU (target)']], ['10 s', '72% (50%)']);
      const test1 = column(
        compareTable(runs, chooseReference('report-004:test-1', references)),
        'report-004 test-1',
      );
      assert.equal(test1['Failures'], '0 (0.00%)', '100 of 100 succeeded');
      const test3 = column(
        compareTable(runs, chooseReference('report-004:test-3', references)),
        'report-004 test-3',
      );
      assert.equal(test3['Failures'], '253 (12.70%)', 'the report’s own count, though 2000 − 1746 = 254');
      assert.deepEqual(
        compareTable(runs, chooseReference('report-004:test-3', references)).columns.slice(1),
        ['150 Users', 'report-004 test-3'],
      );
    });

    it('shows failures from whatever part of them a report gives', () => {
      const figure = (value: number) => ({ value, section: 's', quote: String(value) });
      const failuresOf = (results: PublishedResults): string => {
        const experiment = { id: 'x', description: 'd', profile: '150', load: {}, results };
        const report = {
          id: 'report-999',
          title: 't',
          platform: 'p',
          conditions: {},
          experiments: [experiment],
        };
        return column(compareTable(compareRuns(dirs.slice(1, 2)), { report, experiment }), 'report-999 x')[
          'Failures'
        ];
      };
      assert.equal(failuresOf({ failed: figure(5), requests: figure(200) }), '5 (2.50%)');
      assert.equal(failuresOf({ failed: figure(5) }), '5');
      assert.equal(failuresOf({ failurePercent: figure(2) }), '2.00%');
      assert.equal(failuresOf({ successPercent: figure(99) }), '1.00%');
      assert.equal(failuresOf({}), '—');
    });

    it('shows the experiment once after runs of the same profile side by side', () => {
      const again = join(root, 'run-150-again');
      writeSyntheticRun(again, { users: 150, spawnRate: 10, durationSeconds: 40 });
      const table = compareTable(compareRuns([dirs[1], again]), chooseReference('report-001', references));
      assert.deepEqual(table.columns.slice(1), ['150 Users', '150 Users', 'report-001 locust-150']);
    });

    it('fails clearly when the report ran none of the runs’ profiles', () => {
      assert.throws(
        () => compareTable(compareRuns(dirs), chooseReference('report-004', references)),
        /^Error: report-004 has no experiment for the profiles of these runs \(150, 300, 500\); its experiments: test-1 \(profile fixed-100\), test-2 \(profile fixed-1000\), test-3 \(profile fixed-2000\)\. Name one: --reference report-004:<experiment>$/,
      );
    });

    it('renders the reference column in Markdown and HTML', () => {
      const table = compareTable(compareRuns(dirs.slice(1, 2)), chooseReference('report-001', references));
      const markdown = renderCompareMarkdown(table);
      assert.match(
        markdown,
        /^\| Metric \| 150 Users \| report-001 locust-150 \|\n\| --- \| ---: \| ---: \|\n/,
      );
      assert.match(markdown, /\n\| Failures \| [\d,]+ \([\d.]+%\) \| 127 \(0\.28%\) \|\n/);
      const html = renderCompareHtml(table);
      assert.match(html, /<th>report-001 locust-150<\/th>/);
      assert.match(html, /<td>2 → 6<\/td>/);
    });
  });
});
