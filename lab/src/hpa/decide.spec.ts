// One sync end to end (reconcileAutoscaler / computeReplicasForMetrics / normalizeDesiredReplicas in
// kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go): range checks before metrics, several
// metrics, invalid metrics, the path without behavior, the histories handed to the next sync, and the steps.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import type { PodSample } from './controller-types';
import type { MetricSpec } from './hpa-api';
import {
  cpuUtilization,
  decide,
  hpaSpec,
  NOW,
  pod,
  secondsAgo,
  UNRESTRICTED,
} from '../../test/support/hpa-fixtures';

const MEBIBYTE = 1024 * 1024;
const memoryUtilization = (averageUtilization: number): MetricSpec => ({
  type: 'Resource',
  resource: { name: 'memory', target: { type: 'Utilization', averageUtilization } },
});
/** A pod with both a cpu and a memory request of 100m / 100Mi and the given usages. */
const twoResourcePod = (
  name: string,
  cpu: number,
  memoryMi: number | undefined,
  memoryRequestMi: number | null = 100,
): PodSample =>
  pod(name, 100, cpu, {
    requests: memoryRequestMi === null ? { cpu: 100 } : { cpu: 100, memory: memoryRequestMi * MEBIBYTE },
    usage: memoryMi === undefined ? { cpu } : { cpu, memory: memoryMi * MEBIBYTE },
  });
const condition = (decision: ReturnType<typeof decide>, type: string) =>
  decision.conditions.find((entry) => entry.type === type);

describe('reconcileAutoscaler: before the metrics', () => {
  it('k8s: above maxReplicas the controller goes to maxReplicas without reading metrics', () => {
    const decision = decide({
      spec: hpaSpec([cpuUtilization(50)], { min: 2, max: 5 }),
      currentReplicas: 8,
      pods: [],
    });
    assert.equal(decision.desiredReplicas, 5);
    assert.equal(decision.reason, 'Current number of replicas above Spec.MaxReplicas');
    assert.deepEqual(decision.metrics, []);
  });

  it('k8s: below minReplicas the controller goes to minReplicas', () => {
    const decision = decide({
      spec: hpaSpec([cpuUtilization(50)], { min: 2, max: 5 }),
      currentReplicas: 1,
      pods: [],
    });
    assert.equal(decision.desiredReplicas, 2);
    assert.equal(decision.reason, 'Current number of replicas below Spec.MinReplicas');
  });

  it('k8s: a target scaled to 0 by hand disables autoscaling (ScalingActive False ScalingDisabled)', () => {
    const decision = decide({
      spec: hpaSpec([cpuUtilization(50)], { min: 1, max: 5 }),
      currentReplicas: 0,
      pods: [],
    });
    assert.equal(decision.desiredReplicas, 0);
    assert.equal(decision.rescale, false);
    assert.equal(condition(decision, 'ScalingActive')?.reason, 'ScalingDisabled');
  });

  it('API defaults: no metrics means cpu at 80 %, no minReplicas means 1', () => {
    const spec = { scaleTargetRef: { kind: 'Deployment', name: 'iris' }, maxReplicas: 10 };
    const decision = decide({ spec, currentReplicas: 1, pods: [pod('a', 100, 160)] });
    assert.equal(decision.metrics[0].target, 80);
    assert.equal(decision.desiredReplicas, 2);
    assert.ok(decision.steps.some((step) => step.rule === 'defaults' && /cpu at 80 %/.test(step.text)));
  });
});

describe('computeReplicasForMetrics: several metrics', () => {
  it('docs "Scaling on multiple metrics": the largest proposal wins (cpu 3, memory 5 → 5)', () => {
    const spec = hpaSpec([cpuUtilization(50), memoryUtilization(50)], {}, UNRESTRICTED);
    const pods = [twoResourcePod('a', 75, 125), twoResourcePod('b', 75, 125)];
    const decision = decide({ spec, currentReplicas: 2, pods });
    assert.deepEqual(
      decision.metrics.map((metric) => metric.proposal),
      [3, 5],
    );
    assert.equal(decision.desiredReplicas, 5);
    assert.equal(decision.reason, 'memory resource utilization (percentage of request) above target');
  });

  it('k8s: an invalid metric does not block a scale-up computed from the others', () => {
    const spec = hpaSpec([cpuUtilization(50), memoryUtilization(50)], {}, UNRESTRICTED);
    const pods = [twoResourcePod('a', 100, 50, null), twoResourcePod('b', 100, 50, null)];
    const decision = decide({ spec, currentReplicas: 2, pods });
    assert.match(decision.metrics[1].error ?? '', /missing request for memory/);
    assert.equal(decision.desiredReplicas, 4);
    assert.equal(condition(decision, 'ScalingActive')?.status, 'True');
  });

  it('k8s: an invalid metric blocks a scale-down (ScalingActive False, history untouched)', () => {
    const spec = hpaSpec([cpuUtilization(50), memoryUtilization(50)], {}, UNRESTRICTED);
    const pods = [twoResourcePod('a', 10, 50, null), twoResourcePod('b', 10, 50, null)];
    const history = [{ time: secondsAgo(3600), replicas: 1 }];
    const decision = decide({ spec, currentReplicas: 2, pods, recommendations: history });
    assert.equal(decision.desiredReplicas, 2);
    assert.equal(decision.rescale, false);
    assert.equal(condition(decision, 'ScalingActive')?.reason, 'FailedGetResourceMetric');
    assert.deepEqual(decision.recommendations, history);
  });

  it('k8s: when every metric is invalid the controller does not scale', () => {
    const decision = decide({ spec: hpaSpec([cpuUtilization(50)]), currentReplicas: 3, pods: [] });
    assert.equal(decision.rescale, false);
    assert.match(condition(decision, 'ScalingActive')?.message ?? '', /no pods returned by selector/);
  });
});

describe('without behavior (normalizeDesiredReplicas)', () => {
  const spec = hpaSpec([cpuUtilization(50)], { min: 1, max: 100 });

  it('k8s calculateScaleUpLimit: a scale-up is capped at max(2 × current, 4) per sync', () => {
    const burning = (count: number) =>
      Array.from({ length: count }, (_, index) => pod(`p${index}`, 100, 500));
    const fromOne = decide({ spec, currentReplicas: 1, pods: burning(1) });
    assert.equal(fromOne.desiredReplicas, 4);
    assert.equal(condition(fromOne, 'ScalingLimited')?.reason, 'ScaleUpLimit');
    assert.equal(decide({ spec, currentReplicas: 3, pods: burning(3) }).desiredReplicas, 6);
  });

  it('k8s stabilizeRecommendation: a scale-down waits for the highest recommendation of the last 300 s', () => {
    const idle = ['a', 'b', 'c', 'd'].map((name) => pod(name, 100, 10));
    const held = decide({
      spec,
      currentReplicas: 4,
      pods: idle,
      recommendations: [{ time: secondsAgo(300), replicas: 4 }],
    });
    assert.equal(held.desiredReplicas, 4, 'a sample exactly 300 s old is still inside this window');
    const released = decide({
      spec,
      currentReplicas: 4,
      pods: idle,
      recommendations: [{ time: secondsAgo(301), replicas: 4 }],
    });
    assert.equal(released.desiredReplicas, 1);
  });

  it('the downscale window is the controller flag, configurable', () => {
    const idle = ['a', 'b', 'c', 'd'].map((name) => pod(name, 100, 10));
    const decision = decide({
      spec,
      currentReplicas: 4,
      pods: idle,
      recommendations: [{ time: secondsAgo(100), replicas: 4 }],
      options: { downscaleStabilizationWindowSeconds: 60 },
    });
    assert.equal(decision.desiredReplicas, 1);
  });

  it('k8s storeScaleEvent: no scale events are kept without behavior', () => {
    const decision = decide({ spec, currentReplicas: 1, pods: [pod('a', 100, 500)] });
    assert.deepEqual(decision.scaleEvents, []);
  });
});

describe('histories and steps', () => {
  it('a rescale is appended to the scale events; events older than every policy period are dropped', () => {
    const spec = hpaSpec(
      [cpuUtilization(50)],
      {},
      { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] } },
    );
    const decision = decide({
      spec,
      currentReplicas: 2,
      pods: [pod('a', 100, 100), pod('b', 100, 100)],
      scaleEvents: [
        { time: secondsAgo(120), from: 1, to: 2 },
        { time: secondsAgo(30), from: 2, to: 2 },
      ],
    });
    assert.equal(decision.desiredReplicas, 4);
    assert.deepEqual(decision.scaleEvents, [
      { time: secondsAgo(30), from: 2, to: 2 },
      { time: NOW, from: 2, to: 4 },
    ]);
  });

  it('every decision ends with a result step, and the numbers behind each step are given', () => {
    const decision = decide({
      spec: hpaSpec([cpuUtilization(50)], {}, UNRESTRICTED),
      currentReplicas: 2,
      pods: [pod('a', 200, 200), pod('b', 200, 200)],
    });
    const rules = decision.steps.map((step) => step.rule);
    assert.deepEqual(rules, [
      'pods',
      'usage',
      'proposal',
      'largest-proposal',
      'stabilization',
      'rate-limit',
      'result',
    ]);
    const usage = decision.steps[1];
    assert.equal(usage.values.current, 100);
    assert.match(usage.text, /400m of 400m requested = 100 %/);
    assert.equal(
      decision.steps.at(-1)?.text,
      'Result: scale from 2 to 4 replicas (cpu resource utilization (percentage of request) above target).',
    );
  });

  it('property: with the current count within [min, max], the decision stays within [min, max]', () => {
    const podArbitrary = fc.record({
      request: fc.integer({ min: 1, max: 2000 }),
      usage: fc.option(fc.integer({ min: 0, max: 4000 })),
      ready: fc.boolean(),
      phase: fc.constantFrom('Running', 'Pending', 'Failed'),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(podArbitrary, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (min, spread, target, pods, withBehavior) => {
          const max = min + spread;
          const current = Math.min(max, Math.max(min, pods.length));
          const samples = pods.map((entry, index) =>
            pod(`p${index}`, entry.request, entry.usage ?? undefined, {
              ready: entry.ready,
              phase: entry.phase as PodSample['phase'],
            }),
          );
          const spec = hpaSpec(
            [cpuUtilization(target)],
            { min, max },
            withBehavior ? UNRESTRICTED : undefined,
          );
          const decision = decide({ spec, currentReplicas: current, pods: samples });
          return decision.desiredReplicas >= min && decision.desiredReplicas <= max;
        },
      ),
      { numRuns: 300 },
    );
  });
});
