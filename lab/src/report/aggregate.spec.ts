import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import { readResults } from '../results/results-reader';
import { aggregate, DECISIONS_SHOWN_IN_FULL } from './aggregate';

describe('aggregate (recorded Locust 2.12 run + timeline fixture)', () => {
  const model = aggregate(readResults(copyFixtureRun()));

  it('takes the headline numbers from the Aggregated row of locust_stats.csv', () => {
    const { summary } = model;
    assert.equal(summary.requests, 1310);
    assert.equal(summary.failures, 51);
    assert.equal(summary.failureRatio, 51 / 1310);
    assert.equal(summary.throughputRps, 119.03900777902423);
    assert.equal(summary.medianMs, 18);
    assert.equal(summary.p95Ms, 210);
    assert.equal(summary.p99Ms, 330);
    assert.equal(summary.peakUsers, 20);
  });

  it('puts Locust history and the timeline on one axis: seconds since meta.startedAt', () => {
    assert.equal(model.load.length, 11, 'one point per Aggregated history row');
    assert.equal(model.load[0].t, 0.5);
    assert.equal(model.load[0].p95, null, 'an empty window is no measurement');
    assert.equal(model.load.at(-1)?.rps, 108.125);
    assert.deepEqual(
      model.capacity.map((point) => [point.t, point.ready, point.utilization]),
      [
        [0, 2, 12],
        [5, 2, 80],
        [10, 4, 45],
      ],
    );
  });

  it('derives pods, HPA bounds and scale-up timing', () => {
    const { summary } = model;
    assert.deepEqual(
      [summary.startPods, summary.maxPodsReady, summary.minReplicas, summary.maxReplicas],
      [2, 4, 2, 10],
    );
    assert.equal(summary.cpuTarget, 50);
    assert.equal(summary.peakCpuUtilization, 80);
    assert.equal(summary.firstScaleUpSeconds, 6);
    assert.equal(summary.scaleUpLag?.lagSeconds, 3.4000000000000004);
  });

  it('shows every HPA sync of a short run, only the notable ones of a long run', () => {
    assert.equal(model.decisionsTotal, 2);
    assert.equal(model.decisions.length, 2);
    const results = readResults(copyFixtureRun());
    const routine = results.decisions[1];
    results.decisions = Array.from({ length: DECISIONS_SHOWN_IN_FULL }, () => routine);
    results.decisions.splice(
      7,
      0,
      { ...routine, desiredReplicas: 6 },
      { ...routine, limitedBy: 'maxReplicas' },
    );
    const long = aggregate(results);
    assert.equal(long.decisionsTotal, DECISIONS_SHOWN_IN_FULL + 2);
    assert.deepEqual(
      long.decisions.map((decision) => [decision.desiredReplicas, decision.limitedBy]),
      [
        [6, undefined],
        [4, 'maxReplicas'],
      ],
    );
  });

  it('compares root spans with the POST requests Locust made', () => {
    assert.equal(model.spans?.locustPostRequests, 1178);
    assert.equal(model.spans?.requestRootSpans, 1200);
    assert.equal(model.spans?.rows[0].name, 'POST /predict');
  });
});
