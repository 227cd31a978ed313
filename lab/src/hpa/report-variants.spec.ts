// The reports' three HPA configurations, read from the manifests the cluster uses (k8s/base/hpa.yaml and the
// variant Components), driven through the controller with the Deployment's real requests (200m cpu, 384Mi).
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { loadClusterManifests } from '../manifests';
import type { PodSample } from './controller-types';
import { decide, pod, secondsAgo } from '../../test/support/hpa-fixtures';

const MEBIBYTE = 1024 * 1024;
const condition = (decision: ReturnType<typeof decide>, type: string) =>
  decision.conditions.find((entry) => entry.type === type);

function load(variant: 'report-001' | 'report-000' | 'report-004') {
  const { hpa, deployment } = loadClusterManifests({ hpaVariant: variant });
  const { cpuMillicores = 0, memoryBytes = 0 } = deployment.resources.requests;
  const irisPods = (count: number, cpuUsage: number, memoryUsageMi: number): PodSample[] =>
    Array.from({ length: count }, (_, index) =>
      pod(`iris-${index}`, cpuMillicores, cpuUsage, {
        requests: { cpu: cpuMillicores, memory: memoryBytes },
        usage: { cpu: cpuUsage, memory: memoryUsageMi * MEBIBYTE },
      }),
    );
  return { spec: hpa.spec, irisPods };
}

describe('report 001 (k8s/base/hpa.yaml): 2–15 pods, cpu 60 %, memory 70 %, +max(100 %, 3 pods) per 30 s', () => {
  const { spec, irisPods } = load('report-001');

  it('cpu at 90 % of 200m on 2 pods → cpu proposes 3, memory at 33 % proposes 1 → 3', () => {
    // memory: 128Mi of 384Mi = 33 % (rounded down), 33/70 = 0.471, ceil(0.471 × 2) = 1.
    const decision = decide({ spec, currentReplicas: 2, pods: irisPods(2, 180, 128) });
    assert.deepEqual(
      decision.metrics.map((metric) => metric.proposal),
      [3, 1],
    );
    assert.equal(decision.desiredReplicas, 3);
  });

  it('a burst at 300 % cpu wants 10 but one period allows +3 pods (Pods 3 beats Percent 100 % from 2) → 5', () => {
    const decision = decide({ spec, currentReplicas: 2, pods: irisPods(2, 600, 128) });
    assert.equal(decision.metrics[0].proposal, 10);
    assert.equal(decision.desiredReplicas, 5);
    assert.equal(condition(decision, 'ScalingLimited')?.reason, 'ScaleUpLimit');
  });

  it('15 s later the same 30 s period still counts those 3 pods → stays at 5', () => {
    const decision = decide({
      spec,
      currentReplicas: 5,
      pods: irisPods(5, 600, 128),
      scaleEvents: [{ time: secondsAgo(15), from: 2, to: 5 }],
      recommendations: [{ time: secondsAgo(15), replicas: 10 }],
    });
    assert.equal(decision.desiredReplicas, 5);
  });

  it('a scale-down waits out the 120 s window, then loses at most 50 % per 60 s (10 → 5, though 3 are wanted)', () => {
    // cpu 20m of 200m = 10 %: ceil(10/60 × 10) = 2; memory 64Mi of 384Mi = 16 %: ceil(16/70 × 10) = 3.
    const quiet = irisPods(10, 20, 64);
    const held = decide({
      spec,
      currentReplicas: 10,
      pods: quiet,
      recommendations: [{ time: secondsAgo(100), replicas: 10 }],
    });
    assert.equal(held.desiredReplicas, 10);
    const released = decide({
      spec,
      currentReplicas: 10,
      pods: quiet,
      recommendations: [{ time: secondsAgo(121), replicas: 10 }],
    });
    assert.deepEqual(
      released.metrics.map((metric) => metric.proposal),
      [2, 3],
    );
    assert.equal(released.desiredReplicas, 5);
    assert.equal(condition(released, 'ScalingLimited')?.reason, 'ScaleDownLimit');
  });
});

describe('report 000 (Component hpa-report-000): 2–10 pods, cpu 50 %, no behavior', () => {
  const { spec, irisPods } = load('report-000');

  it('the variant has no behavior, so the built-in scale-up limit max(2 × current, 4) applies (2 → 4, not 8)', () => {
    assert.equal(spec.behavior, undefined);
    const decision = decide({ spec, currentReplicas: 2, pods: irisPods(2, 400, 128) });
    assert.equal(decision.metrics[0].proposal, 8);
    assert.equal(decision.desiredReplicas, 4);
  });

  it('memory is not a metric of this variant', () => {
    const decision = decide({ spec, currentReplicas: 2, pods: irisPods(2, 150, 250) });
    assert.deepEqual(
      decision.metrics.map((metric) => metric.resource),
      ['cpu'],
    );
    assert.equal(decision.desiredReplicas, 3);
  });
});

describe('report 004 (Component hpa-report-004): 1–3 pods, cpu 50 %, scale-down window 60 s', () => {
  const { spec, irisPods } = load('report-004');

  it("one pod at 200 % wants 4, the policies allow 5, maxReplicas 3 wins (TooManyReplicas) — the report's bottleneck", () => {
    const decision = decide({ spec, currentReplicas: 1, pods: irisPods(1, 400, 128) });
    assert.equal(decision.metrics[0].proposal, 4);
    assert.equal(decision.desiredReplicas, 3);
    assert.equal(condition(decision, 'ScalingLimited')?.reason, 'TooManyReplicas');
  });

  it('after the load, 3 idle pods go back to 1 once the 60 s window has passed', () => {
    const idle = irisPods(3, 5, 128);
    assert.equal(
      decide({
        spec,
        currentReplicas: 3,
        pods: idle,
        recommendations: [{ time: secondsAgo(50), replicas: 3 }],
      }).desiredReplicas,
      3,
    );
    assert.equal(
      decide({
        spec,
        currentReplicas: 3,
        pods: idle,
        recommendations: [{ time: secondsAgo(61), replicas: 3 }],
      }).desiredReplicas,
      1,
    );
  });
});
