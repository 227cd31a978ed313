import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { tempDir } from '../../test/support/fixture-folder';
import { fixturePath } from '../../test/support/fixture-path';
import { LocustStats } from './locust/locust-stats';
import { readResults } from './results-reader';
import { ResultsWriter, type RunMetaStart } from './results-writer';
import { newRunId } from './results-layout';

const start: RunMetaStart = {
  runId: 'r1',
  target: 'kind',
  profile: {
    id: '150',
    load: { kind: 'users', stages: [{ users: 150, spawnRate: 10, durationSeconds: 60 }] },
  },
  hpa: {
    variant: 'report-001',
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'iris' }, maxReplicas: 10 },
  },
  modelCost: { modelCostMs: 4, source: 'test' },
  machine: { cpuModel: 'x', cores: 2, memoryBytes: 1, os: 'Linux', nodeVersion: 'v20' },
  load: { kind: 'locust' },
  startedAt: '2026-11-23T10:00:00.000Z',
};

describe('ResultsWriter', () => {
  it('writes meta.json as running at once, then records, then the final status', () => {
    const dir = join(tempDir(), 'run');
    const writer = ResultsWriter.create(dir, start);
    assert.equal(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).status, 'running');
    writer.appendTimeline({
      time: start.startedAt,
      elapsedSeconds: 0,
      replicas: { desired: 2, current: 2, ready: 2 },
      cpuUtilization: { current: null, target: 50 },
      pods: [],
    });
    writer.appendEvent({
      time: start.startedAt,
      elapsedSeconds: 0,
      kind: 'scale-up',
      from: 2,
      to: 3,
      source: 'hpa',
      message: 'New size: 3',
    });
    writer.noteMissing('metrics', 'no metrics API');
    writer.finish('interrupted', new Date('2026-11-23T10:01:00.000Z'));
    const results = readResults(dir);
    assert.equal(results.meta.status, 'interrupted');
    assert.equal(results.meta.endedAt, '2026-11-23T10:01:00.000Z');
    assert.deepEqual(results.meta.missing, [{ part: 'metrics', reason: 'no metrics API' }]);
    assert.equal(results.timeline.length, 1);
    assert.equal(results.events[0].to, 3);
  });

  it("records the load generator's CPU in meta.json, read back through the schema", () => {
    const dir = join(tempDir(), 'run');
    const writer = ResultsWriter.create(dir, start);
    writer.recordLoadGeneratorCpu({ averageCores: 0.31, peakCores: 0.58 });
    writer.finish('completed');
    assert.deepEqual(readResults(dir).meta.load, {
      kind: 'locust',
      cpu: { averageCores: 0.31, peakCores: 0.58 },
    });
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    meta.load.cpu.peakCores = -1;
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    assert.throws(() => readResults(dir), /meta\.load\.cpu\.peakCores: must be >= 0/);
  });

  it('refuses to write into a folder that already holds a run', () => {
    const dir = join(tempDir(), 'run');
    ResultsWriter.create(dir, start);
    assert.throws(() => ResultsWriter.create(dir, start), /already holds a run/);
  });

  it('appends Locust history under one header and rewrites the totals each second', () => {
    const dir = join(tempDir(), 'run');
    const writer = ResultsWriter.create(dir, start);
    let now = 1000;
    const stats = new LocustStats(() => now);
    stats.logRequest('POST', '/predict', 12, 100);
    writer.writeLocustSnapshot(stats.snapshot(1));
    now = 1001;
    stats.logRequest('POST', '/predict', 14, 100);
    writer.writeLocustSnapshot(stats.snapshot(2));
    const history = readFileSync(join(dir, 'locust_stats_history.csv'), 'utf8').split('\r\n');
    assert.equal(history.filter((line) => line.startsWith('Timestamp,')).length, 1);
    assert.equal(history.filter((line) => line.includes(',Aggregated,')).length, 2);
    const results = readResults(dir);
    assert.equal(results.locust.stats.at(-1)?.requestCount, 2);
  });

  it('imports real Locust CSVs unchanged (cluster path)', () => {
    const dir = join(tempDir(), 'run');
    const writer = ResultsWriter.create(dir, start);
    const download = join(tempDir(), 'dl');
    for (const suffix of ['stats', 'stats_history', 'failures']) {
      writeFileSync(
        `${download}_${suffix}.csv`,
        readFileSync(fixturePath('locust-2.12', `locust_${suffix}.csv`)),
      );
    }
    writer.importLocustCsvs(download);
    assert.equal(
      readFileSync(join(dir, 'locust_stats.csv'), 'utf8'),
      readFileSync(fixturePath('locust-2.12', 'locust_stats.csv'), 'utf8'),
    );
    assert.ok(existsSync(join(dir, 'locust_failures.csv')));
  });

  it('makes sortable, filesystem-safe run ids', () => {
    assert.equal(
      newRunId('local', 'fixed/100', new Date('2026-11-23T13:07:55.123Z')),
      '20261123-130755-local-fixed_100',
    );
  });
});
