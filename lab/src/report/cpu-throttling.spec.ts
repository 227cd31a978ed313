import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import type { PodObservation, TimelineSample } from '../results/results.types';
import { buildReport } from './build-report';
import { podThrottling } from './cpu-throttling';

const pod = (name: string, periods?: number, throttledPeriods?: number): PodObservation => ({
  name,
  phase: 'Running',
  ready: true,
  cpuMillicores: 200,
  memoryBytes: 1,
  ...(periods !== undefined && {
    cpuCfsPeriods: periods,
    cpuCfsThrottledPeriods: throttledPeriods,
    cpuCfsThrottledSeconds: (throttledPeriods ?? 0) * 0.08,
  }),
});
const sample = (elapsedSeconds: number, pods: PodObservation[]): TimelineSample => ({
  time: new Date(elapsedSeconds * 1000).toISOString(),
  elapsedSeconds,
  replicas: { desired: pods.length, current: pods.length, ready: pods.length },
  cpuUtilization: { current: null, target: null },
  pods,
});

describe('podThrottling (CFS counters of the timeline → throttled share per pod)', () => {
  it('takes the share per sample interval from the counters’ growth, and the totals from the last sample', () => {
    const throttling = podThrottling([
      sample(10, [pod('iris-a', 100, 90), pod('iris-b', 50, 50)]),
      sample(0, [pod('iris-a', 50, 40)]),
      sample(5, [pod('iris-a', 50, 40)]),
    ]);
    assert.deepEqual(
      throttling.map(({ pod: name, points, periods, throttledPeriods }) => ({
        name,
        points: points.map((point) => [point.t, point.share]),
        periods,
        throttledPeriods,
      })),
      [
        // Between t=5 and t=10: 50 more periods, all throttled; no period at all between t=0 and t=5.
        {
          name: 'iris-a',
          points: [
            [0, 0.8],
            [5, null],
            [10, 1],
          ],
          periods: 100,
          throttledPeriods: 90,
        },
        { name: 'iris-b', points: [[10, 1]], periods: 50, throttledPeriods: 50 },
      ],
    );
  });

  it('counts a pod restarted in place (its counters went back) from its own start again', () => {
    const [throttling] = podThrottling([
      sample(0, [pod('iris-a', 100, 10)]),
      sample(5, [pod('iris-a', 20, 15)]),
    ]);
    assert.deepEqual(
      throttling.points.map((point) => [point.t, point.share]),
      [
        [0, 0.1],
        [5, 0.75],
      ],
    );
  });

  it('leaves out pods without counters (no CPU limit enforced, or a cluster run)', () => {
    assert.deepEqual(podThrottling([sample(0, [pod('iris-a')])]), []);
  });
});

describe('CPU throttling in the report', () => {
  /** The recorded run, as if its pods had run at a 200m limit, throttled in 60 % of their periods. */
  function throttledRun(): string {
    const dir = copyFixtureRun();
    const metaPath = join(dir, 'meta.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    // The fixture is a format-1 folder: quantities as the manifest writes them, converted on read.
    meta.podResources = { requests: { cpu: '200m' }, limits: { cpu: '200m' } };
    writeFileSync(metaPath, JSON.stringify(meta));
    const timelinePath = join(dir, 'timeline.jsonl');
    const samples = readFileSync(timelinePath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const timelineSample of samples) {
      for (const timelinePod of timelineSample.pods) {
        const periods = 10 * (timelineSample.elapsedSeconds + 5);
        Object.assign(timelinePod, {
          cpuCfsPeriods: periods,
          cpuCfsThrottledPeriods: periods * 0.6,
          cpuCfsThrottledSeconds: periods * 0.6 * 0.08,
        });
      }
    }
    writeFileSync(timelinePath, samples.map((line) => JSON.stringify(line)).join('\n') + '\n');
    return dir;
  }

  it('charts the throttled share per pod, tables the counters and says so in the verdict', () => {
    const dir = throttledRun();
    const report = buildReport(dir);
    const markdown = readFileSync(report.markdownPath, 'utf8');
    assert.ok(existsSync(join(dir, 'charts', 'throttling.svg')), 'no throttling chart');
    assert.match(markdown, /CPU throttling per pod/);
    assert.match(markdown, /### CPU throttling\n/);
    assert.match(markdown, /\| iris-a +\| +150 \| +90 \| +60\.0% \| +7\.2 s \|/);
    const finding = report.findings.find((item) => item.rule === 'cpu-throttled');
    assert.match(finding?.text ?? '', /pods were throttled 60% of the time at their 200m limit/);
    assert.match(markdown, /\*\*Bottleneck\*\*: \d of \d pods were throttled 60% of the time/);
  });

  it('shows nothing of the kind for a run without counters', () => {
    const dir = copyFixtureRun();
    const report = buildReport(dir);
    assert.ok(!existsSync(join(dir, 'charts', 'throttling.svg')));
    assert.doesNotMatch(readFileSync(report.markdownPath, 'utf8'), /CPU throttling/);
  });
});
