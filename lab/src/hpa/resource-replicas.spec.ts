// Proposals of one Resource metric. Cases named "k8s Test…" are kubernetes/kubernetes
// pkg/controller/podautoscaler/replica_calculator_test.go with the same numbers (its pods have two containers
// with the same request and usage; one container per pod here gives the same ratios). Cases named "docs …" are
// worked from https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ ("Algorithm
// details").
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  decide,
  hpaSpec,
  neverReady,
  pod,
  proposeCpu,
  secondsAgo,
  UNRESTRICTED,
} from '../../test/support/hpa-fixtures';

/** A pod started 60 s ago (inside the CPU initialization period) that became ready 10 s ago: its sample is too early. */
const hotPod = (name: string, request: number, usage: number) =>
  pod(name, request, usage, { startTime: secondsAgo(60), readyTransitionTime: secondsAgo(10) });

describe('resource metric proposals (replica_calculator.go)', () => {
  it('k8s TestReplicaCalcScaleUp: 300/500/700 of 1000m at target 30 % → 50 % → 5', () => {
    const result = proposeCpu([pod('a', 1000, 300), pod('b', 1000, 500), pod('c', 1000, 700)], 30, 3);
    assert.equal(result.currentUtilization, 50);
    assert.equal(result.proposal, 5);
  });

  it('k8s TestReplicaCalcScaleUpUnreadyLessScale: an unready pod counts as 0 % on a scale-up → 4, not 5', () => {
    const result = proposeCpu([neverReady('a', 1000, 300), pod('b', 1000, 500), pod('c', 1000, 700)], 30, 3);
    assert.equal(result.currentUtilization, 60);
    assert.deepEqual(result.pods?.unready, ['a']);
    assert.equal(result.proposal, 4);
  });

  it('k8s TestReplicaCalcScaleUpHotCpuLessScale: a sample taken within one metric window of readiness is set aside → 4', () => {
    const result = proposeCpu([hotPod('a', 1000, 300), pod('b', 1000, 500), pod('c', 1000, 700)], 30, 3);
    assert.deepEqual(result.pods?.unready, ['a']);
    assert.equal(result.proposal, 4);
  });

  it('the same pod counts once its sample covers a full window after readiness (a 16 s old transition)', () => {
    const warm = pod('a', 1000, 300, { startTime: secondsAgo(60), readyTransitionTime: secondsAgo(16) });
    const result = proposeCpu([warm, pod('b', 1000, 500), pod('c', 1000, 700)], 30, 3);
    assert.deepEqual(result.pods?.unready, []);
    assert.equal(result.proposal, 5);
  });

  it('k8s TestReplicaCalcScaleUpUnreadyNoScale: 0 % for unready pods would reverse a scale-up → keep 3', () => {
    const result = proposeCpu(
      [pod('a', 1000, 400), neverReady('b', 1000, 500), neverReady('c', 1000, 700)],
      30,
      3,
    );
    assert.equal(result.currentUtilization, 40);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcScaleHotCpuNoScale: not-ready pods within the initialization period → keep 3', () => {
    const notReadyHot = (name: string, usage: number) =>
      pod(name, 1000, usage, {
        ready: false,
        startTime: secondsAgo(60),
        readyTransitionTime: secondsAgo(60),
      });
    const result = proposeCpu([pod('a', 1000, 400), notReadyHot('b', 500), notReadyHot('c', 700)], 30, 3);
    assert.deepEqual(result.pods?.unready, ['b', 'c']);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcScaleUpIgnoresFailedPods: Failed pods are ignored → 4', () => {
    const failed = (name: string) => pod(name, 1000, undefined, { phase: 'Failed', ready: false });
    const result = proposeCpu([pod('a', 1000, 500), pod('b', 1000, 700), failed('c'), failed('d')], 30, 2);
    assert.deepEqual(result.pods?.ignored, ['c', 'd']);
    assert.equal(result.currentUtilization, 60);
    assert.equal(result.proposal, 4);
  });

  it('k8s TestReplicaCalcScaleUpIgnoresDeletionPods: pods with a deletion timestamp are ignored → 4', () => {
    const deleting = (name: string) => pod(name, 1000, 900, { deleting: true, ready: false });
    const result = proposeCpu(
      [pod('a', 1000, 500), pod('b', 1000, 700), deleting('c'), deleting('d')],
      30,
      2,
    );
    assert.deepEqual(result.pods?.ignored, ['c', 'd']);
    assert.equal(result.proposal, 4);
  });

  it('k8s TestReplicaCalcScaleDown: 100/300/500/250/250 at target 50 % → 28 % → 3', () => {
    const usages = [100, 300, 500, 250, 250];
    const result = proposeCpu(
      usages.map((usage, index) => pod(`p${index}`, 1000, usage)),
      50,
      5,
    );
    assert.equal(result.currentUtilization, 28);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcScaleDownExcludeUnreadyPods: unready pods are left out of a scale-down → 2', () => {
    const pods = [
      pod('a', 1000, 100),
      pod('b', 1000, 300),
      pod('c', 1000, 500),
      neverReady('d', 1000, 250),
      neverReady('e', 1000, 250),
    ];
    const result = proposeCpu(pods, 50, 5);
    assert.equal(result.currentUtilization, 30);
    assert.equal(result.proposal, 2);
  });

  it('k8s TestReplicaCalcScaleDownExcludeUnscheduledPods: Pending pods are left out → 1', () => {
    const pending = (name: string) =>
      pod(name, 1000, undefined, { phase: 'Pending', ready: false, startTime: undefined });
    const result = proposeCpu(
      [pod('a', 1000, 100), pending('b'), pending('c'), pending('d'), pending('e')],
      50,
      5,
    );
    assert.equal(result.currentUtilization, 10);
    assert.equal(result.proposal, 1);
  });

  it('k8s TestReplicaCalcScaleDownIgnoreHotCpuPods: warming-up samples are left out of a scale-down → 2', () => {
    const pods = [
      pod('a', 1000, 100),
      pod('b', 1000, 300),
      pod('c', 1000, 500),
      hotPod('d', 1000, 250),
      hotPod('e', 1000, 250),
    ];
    assert.equal(proposeCpu(pods, 50, 5).proposal, 2);
  });

  it('k8s TestReplicaCalcTolerance: 102 % of a 100 % target is within 0.1 → keep 3', () => {
    const result = proposeCpu([pod('a', 900, 1010), pod('b', 1000, 1030), pod('c', 1100, 1020)], 100, 3);
    assert.equal(result.currentUtilization, 102);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcMissingMetrics: on a scale-down missing pods count as 100 % of their request → 3', () => {
    const result = proposeCpu(
      [pod('a', 1000, 400), pod('b', 1000, 95), pod('c', 1000, undefined), pod('d', 1000, undefined)],
      100,
      4,
    );
    assert.equal(result.currentUtilization, 24);
    assert.deepEqual(result.pods?.missing, ['c', 'd']);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcMissingMetricsNoChangeEq / Gt / Lt: a missing pod never flips or overshoots → keep 2', () => {
    for (const usage of [1000, 1900, 600]) {
      assert.equal(
        proposeCpu([pod('a', 1000, usage), pod('b', 1000, undefined)], 100, 2).proposal,
        2,
        `usage ${usage}m`,
      );
    }
  });

  it('k8s TestReplicaCalcMissingMetricsUnreadyChange: 100 % for the missing pod would reverse a scale-down → keep 3', () => {
    const result = proposeCpu(
      [neverReady('a', 1000, 100), pod('b', 1000, 450), pod('c', 1000, undefined)],
      50,
      3,
    );
    assert.equal(result.currentUtilization, 45);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcMissingMetricsUnreadyScaleUp: missing and unready pods both count as 0 % on a scale-up → 4', () => {
    const result = proposeCpu(
      [neverReady('a', 1000, 100), pod('b', 1000, 2000), pod('c', 1000, undefined)],
      50,
      3,
    );
    assert.equal(result.currentUtilization, 200);
    assert.equal(result.proposal, 4);
  });

  it('k8s TestReplicaCalcMissingMetricsUnreadyScaleDown: → 3', () => {
    const pods = [
      neverReady('a', 1000, 100),
      pod('b', 1000, 100),
      pod('c', 1000, 100),
      pod('d', 1000, undefined),
    ];
    const result = proposeCpu(pods, 50, 4);
    assert.equal(result.currentUtilization, 10);
    assert.equal(result.proposal, 3);
  });

  it('k8s TestReplicaCalcMissingMetricsScaleDownTargetOver100: a missing pod counts as the target when it is above 100 % → 2', () => {
    const pods = [
      neverReady('a', 1000, 200),
      pod('b', 1000, 100),
      pod('c', 2000, 100),
      pod('d', 2000, undefined),
    ];
    const result = proposeCpu(pods, 300, 4);
    assert.equal(result.currentUtilization, 6);
    assert.equal(result.proposal, 2);
  });

  it("k8s TestReplicaCalcDuringRollingUpdateWithMaxSurge: a recomputed count against the ratio's direction keeps 2", () => {
    // 3 pods for 2 replicas (a surge pod without a sample): ratio 0.2, recomputed 0.8 over 3 pods → 3 > 2 → keep 2.
    const result = proposeCpu([pod('a', 1000, 100), pod('b', 1000, 100), pod('c', 1000, undefined)], 50, 2);
    assert.equal(result.currentUtilization, 10);
    assert.equal(result.proposal, 2);
  });

  it('k8s TestReplicaCalcEmptyCPURequest: a pod without a cpu request makes the metric invalid', () => {
    const broken = pod('a', 0, 200, { requests: {} });
    const result = proposeCpu([broken], 100, 1);
    assert.match(result.error ?? '', /missing request for cpu in Pod a/);
    assert.equal(result.proposal, undefined);
  });

  it('no sample from any counted pod makes the metric invalid ("did not receive metrics for targeted pods")', () => {
    const result = proposeCpu([neverReady('a', 1000, 500)], 50, 1);
    assert.match(result.error ?? '', /did not receive metrics for targeted pods/);
  });

  it('docs "Algorithm details": current 200m for a desired 100m doubles the replicas (AverageValue)', () => {
    const spec = hpaSpec(
      [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m' } },
        },
      ],
      {},
      UNRESTRICTED,
    );
    const decision = decide({ spec, currentReplicas: 2, pods: [pod('a', 500, 200), pod('b', 500, 200)] });
    assert.equal(decision.metrics[0].usageRatio, 2);
    assert.equal(decision.desiredReplicas, 4);
  });

  it('docs "Algorithm details": current 50m for a desired 100m halves the replicas (AverageValue)', () => {
    const spec = hpaSpec(
      [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m' } },
        },
      ],
      {},
      UNRESTRICTED,
    );
    const decision = decide({
      spec,
      currentReplicas: 4,
      pods: ['a', 'b', 'c', 'd'].map((name) => pod(name, 500, 50)),
    });
    assert.equal(decision.metrics[0].usageRatio, 0.5);
    assert.equal(decision.desiredReplicas, 2);
  });

  it('docs "Algorithm details": a ratio within 0.1 of 1.0 skips scaling, both ends included (110 % of target keeps, 112 % scales)', () => {
    assert.equal(proposeCpu([pod('a', 100, 55), pod('b', 100, 55)], 50, 2).proposal, 2);
    assert.equal(proposeCpu([pod('a', 100, 45), pod('b', 100, 45)], 50, 2).proposal, 2);
    assert.equal(proposeCpu([pod('a', 100, 56), pod('b', 100, 56)], 50, 2).proposal, 3);
  });

  it('utilization is a whole percent rounded down before the ratio (Kubernetes integer arithmetic)', () => {
    // 221m of 200m = 110.5 % → 110 % → ratio 1.1: within tolerance, whereas 110.5/100 would scale.
    const result = proposeCpu([pod('a', 200, 221)], 100, 1);
    assert.equal(result.currentUtilization, 110);
    assert.equal(result.proposal, 1);
  });

  it('memory AverageValue: 300Mi and 100Mi against 100Mi per pod → ratio 2 → 4', () => {
    const mebibyte = 1024 * 1024;
    const memoryPod = (name: string, usage: number) =>
      pod(name, 100, 10, { requests: { memory: 256 * mebibyte }, usage: { memory: usage * mebibyte } });
    const spec = hpaSpec(
      [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
        },
      ],
      {},
      UNRESTRICTED,
    );
    const decision = decide({ spec, currentReplicas: 2, pods: [memoryPod('a', 300), memoryPod('b', 100)] });
    assert.equal(decision.metrics[0].currentAverage, 200 * mebibyte * 1000);
    assert.equal(decision.desiredReplicas, 4);
  });

  it('memory samples of unready pods are counted as they are (only cpu sets unready pods aside, like Kubernetes)', () => {
    const mebibyte = 1024 * 1024;
    const spec = hpaSpec(
      [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      {},
      UNRESTRICTED,
    );
    const memoryPod = (name: string, ready: boolean) =>
      pod(name, 100, 10, {
        ready,
        readyTransitionTime: secondsAgo(600),
        requests: { memory: 100 * mebibyte },
        usage: { memory: 100 * mebibyte },
      });
    const decision = decide({
      spec,
      currentReplicas: 2,
      pods: [memoryPod('a', true), memoryPod('b', false)],
    });
    assert.deepEqual(decision.metrics[0].pods?.counted, ['a', 'b']);
    assert.equal(decision.desiredReplicas, 4);
  });
  it('k8s groupPods, initial readiness delay (30 s): a pod past its CPU initialization period that is not ready counts only if it was ready once', () => {
    // Ready condition changed 29 s after start: it has never been ready → set aside; 31 s: it was ready, then failed → counted.
    const notReadySince = (name: string, secondsAfterStart: number) =>
      pod(name, 1000, 900, {
        ready: false,
        startTime: secondsAgo(600),
        readyTransitionTime: secondsAgo(600 - secondsAfterStart),
      });
    assert.deepEqual(proposeCpu([pod('a', 1000, 500), notReadySince('b', 29)], 50, 2).pods?.unready, ['b']);
    assert.deepEqual(proposeCpu([pod('a', 1000, 500), notReadySince('b', 31)], 50, 2).pods?.counted, [
      'a',
      'b',
    ]);
  });

  it('the CPU initialization period (300 s by default) and the initial readiness delay are controller options', () => {
    const young = pod('b', 1000, 900, {
      ready: false,
      startTime: secondsAgo(200),
      readyTransitionTime: secondsAgo(150),
    });
    const pods = [pod('a', 1000, 500), young];
    const spec = hpaSpec(
      [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      {},
      UNRESTRICTED,
    );
    assert.deepEqual(
      decide({ spec, currentReplicas: 2, pods }).metrics[0].pods?.unready,
      ['b'],
      'within 300 s and not ready',
    );
    const shortPeriod = decide({
      spec,
      currentReplicas: 2,
      pods,
      options: { cpuInitializationPeriodSeconds: 120 },
    });
    assert.deepEqual(
      shortPeriod.metrics[0].pods?.counted,
      ['a', 'b'],
      'past 120 s, ready once (50 s after start)',
    );
    const longDelay = decide({
      spec,
      currentReplicas: 2,
      pods,
      options: { cpuInitializationPeriodSeconds: 120, initialReadinessDelaySeconds: 60 },
    });
    assert.deepEqual(
      longDelay.metrics[0].pods?.unready,
      ['b'],
      'a 60 s delay makes the 50 s transition "never ready"',
    );
  });

  it('the tolerance is a controller option (--horizontal-pod-autoscaler-tolerance)', () => {
    const pods = [pod('a', 100, 53), pod('b', 100, 53)];
    const spec = hpaSpec(
      [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      {},
      UNRESTRICTED,
    );
    assert.equal(decide({ spec, currentReplicas: 2, pods }).desiredReplicas, 2);
    assert.equal(decide({ spec, currentReplicas: 2, pods, options: { tolerance: 0.05 } }).desiredReplicas, 3);
  });
});
