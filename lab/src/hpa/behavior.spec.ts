// `behavior`: stabilization windows and scaling policies. Cases named "docs …" follow the sections of
// https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/ ("Scaling policies",
// "Stabilization window", "Default Behavior", "Example: change downscale stabilization window", "Example: limit
// scale down rate", "Example: disable scale down"); the counts are recomputed from horizontal.go
// (convertDesiredReplicasWithBehaviorRate, stabilizeRecommendationWithBehaviors), cited as "k8s …".
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ScaleEvent } from './controller-types';
import type { HpaBehavior, HpaScalingRules } from './hpa-api';
import { cpuUtilization, decide, hpaSpec, pod, secondsAgo } from '../../test/support/hpa-fixtures';

/** 1-core cpu target per pod (AverageValue): pods averaging floor(1000 × desired / current) millicores make the
 * metric propose exactly `desired` (ceil(average / 1000 × current) = desired for fewer than 1000 pods). */
const PER_POD_TARGET = {
  type: 'Resource' as const,
  resource: { name: 'cpu' as const, target: { type: 'AverageValue' as const, averageValue: '1' } },
};

function recommending(current: number, desired: number) {
  const average = Math.floor((1000 * desired) / current);
  return Array.from({ length: current }, (_, index) => pod(`p${index}`, 1000, average));
}

function scaleDecision(
  current: number,
  desired: number,
  behavior: HpaBehavior,
  events: ScaleEvent[] = [],
  limits = { min: 1, max: 1000 },
) {
  return decide({
    spec: hpaSpec([PER_POD_TARGET], limits, behavior),
    currentReplicas: current,
    pods: recommending(current, desired),
    scaleEvents: events,
  });
}

const noWindowDown = (rules: HpaScalingRules): HpaBehavior => ({
  scaleDown: { stabilizationWindowSeconds: 0, ...rules },
});

describe('behavior: scaling policies (docs "Scaling policies")', () => {
  const docsPolicies: HpaScalingRules = {
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 60 },
      { type: 'Percent', value: 10, periodSeconds: 60 },
    ],
  };

  it('docs: 80 replicas going to 10 lose 8 in the first step (Percent 10 % beats Pods 4 with selectPolicy Max)', () => {
    const decision = scaleDecision(80, 10, noWindowDown(docsPolicies));
    assert.equal(decision.desiredReplicas, 72);
    assert.equal(
      decision.conditions.find((condition) => condition.type === 'ScalingLimited')?.reason,
      'ScaleDownLimit',
    );
  });

  it('docs: at 72 replicas, once the period has passed, the next step removes 8 again (72 × 0.9 = 64.8 → 64)', () => {
    const decision = scaleDecision(72, 10, noWindowDown(docsPolicies), [
      { time: secondsAgo(61), from: 80, to: 72 },
    ]);
    assert.equal(decision.desiredReplicas, 64);
  });

  it('k8s getReplicasChangePerPeriod: within the same 60 s period the 8 pods already removed count → stay at 72', () => {
    const decision = scaleDecision(72, 10, noWindowDown(docsPolicies), [
      { time: secondsAgo(15), from: 80, to: 72 },
    ]);
    assert.equal(decision.desiredReplicas, 72);
    assert.equal(decision.rescale, false);
  });

  it('docs: with 40 replicas or fewer the Pods policy allows the bigger change (30 → 26, not 27)', () => {
    assert.equal(scaleDecision(30, 10, noWindowDown(docsPolicies)).desiredReplicas, 26);
  });

  it('docs "Example: limit scale down rate": selectPolicy Min with Percent 10 % and Pods 5 per 60 s removes at most 5', () => {
    const behavior = noWindowDown({
      selectPolicy: 'Min',
      policies: [
        { type: 'Percent', value: 10, periodSeconds: 60 },
        { type: 'Pods', value: 5, periodSeconds: 60 },
      ],
    });
    assert.equal(scaleDecision(80, 10, behavior).desiredReplicas, 75);
    assert.equal(scaleDecision(30, 10, behavior).desiredReplicas, 27);
  });

  it('docs "Example: disable scale down": selectPolicy Disabled keeps the count although the metric says 2', () => {
    const decision = scaleDecision(10, 2, noWindowDown({ selectPolicy: 'Disabled' }));
    assert.equal(decision.desiredReplicas, 10);
    assert.equal(decision.rescale, false);
    assert.equal(
      decision.conditions.find((condition) => condition.type === 'ScalingLimited')?.reason,
      'ScaleDownLimit',
    );
  });

  it('scale-up: Percent 100 % vs Pods 4 per 15 s from 2 → Max allows 6 (Pods), Min allows 4 (Percent)', () => {
    const policies = [
      { type: 'Percent' as const, value: 100, periodSeconds: 15 },
      { type: 'Pods' as const, value: 4, periodSeconds: 15 },
    ];
    assert.equal(scaleDecision(2, 20, { scaleUp: { policies, selectPolicy: 'Max' } }).desiredReplicas, 6);
    assert.equal(scaleDecision(2, 20, { scaleUp: { policies, selectPolicy: 'Min' } }).desiredReplicas, 4);
    assert.equal(
      scaleDecision(2, 20, { scaleUp: { policies, selectPolicy: 'Disabled' } }).desiredReplicas,
      2,
    );
  });

  it('k8s calculateScaleUpLimitWithScalingRules: pods added within the period count → 2→4 ten seconds ago caps 4 at 4', () => {
    const behavior: HpaBehavior = {
      scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    };
    const decision = scaleDecision(4, 20, behavior, [{ time: secondsAgo(10), from: 2, to: 4 }]);
    assert.equal(decision.desiredReplicas, 4);
    assert.equal(
      decision.conditions.find((condition) => condition.type === 'ScalingLimited')?.reason,
      'ScaleUpLimit',
    );
    const later = scaleDecision(4, 20, behavior, [{ time: secondsAgo(15), from: 2, to: 4 }]);
    assert.equal(later.desiredReplicas, 8, 'an event exactly one period old is outside the period');
  });

  it('k8s: a scale-up period also adds back pods removed within it (periodStart = current − added + removed)', () => {
    const behavior: HpaBehavior = { scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } };
    const decision = scaleDecision(4, 20, behavior, [{ time: secondsAgo(30), from: 6, to: 4 }]);
    assert.equal(decision.desiredReplicas, 8);
  });

  it('docs "Default Behavior": scaleUp defaults to max(+4 pods, +100 %) per 15 s when only scaleDown is written', () => {
    const behavior: HpaBehavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    assert.equal(scaleDecision(1, 20, behavior).desiredReplicas, 5);
    assert.equal(scaleDecision(10, 40, behavior).desiredReplicas, 20);
    const defaults = scaleDecision(1, 20, behavior).steps.filter((step) => step.rule === 'defaults');
    assert.match(
      defaults.map((step) => step.text).join(' '),
      /behavior\.scaleUp: default stabilizationWindowSeconds, selectPolicy, policies/,
    );
  });

  it('docs "Default Behavior": scaleDown defaults to 100 % per 15 s (straight to the recommendation)', () => {
    assert.equal(scaleDecision(10, 2, noWindowDown({})).desiredReplicas, 2);
  });

  it('maxReplicas below the policy limit: TooManyReplicas', () => {
    const decision = scaleDecision(2, 20, { scaleUp: {} }, [], { min: 1, max: 5 });
    assert.equal(decision.desiredReplicas, 5);
    assert.equal(
      decision.conditions.find((condition) => condition.type === 'ScalingLimited')?.reason,
      'TooManyReplicas',
    );
  });

  it('minReplicas above the policy limit: TooFewReplicas', () => {
    const decision = scaleDecision(10, 1, noWindowDown({}), [], { min: 3, max: 20 });
    assert.equal(decision.desiredReplicas, 3);
    assert.equal(
      decision.conditions.find((condition) => condition.type === 'ScalingLimited')?.reason,
      'TooFewReplicas',
    );
  });
});

describe('behavior: stabilization windows (docs "Stabilization window")', () => {
  const withHistory = (
    current: number,
    desired: number,
    behavior: HpaBehavior,
    history: { secondsAgo: number; replicas: number }[],
  ) =>
    decide({
      spec: hpaSpec([PER_POD_TARGET], { min: 1, max: 100 }, behavior),
      currentReplicas: current,
      pods: recommending(current, desired),
      recommendations: history.map((entry) => ({
        time: secondsAgo(entry.secondsAgo),
        replicas: entry.replicas,
      })),
    });

  it('docs: scale-down takes the highest recommendation of the window (default 300 s) → stays at 5', () => {
    const decision = withHistory(5, 2, { scaleUp: {} }, [
      { secondsAgo: 200, replicas: 5 },
      { secondsAgo: 100, replicas: 3 },
    ]);
    assert.equal(decision.desiredReplicas, 5);
    assert.equal(
      decision.conditions.find((condition) => condition.type === 'AbleToScale')?.reason,
      'ScaleDownStabilized',
    );
  });

  it('docs "Example: change downscale stabilization window": with 60 s only the 3 of 30 s ago counts → 3', () => {
    const decision = withHistory(5, 2, { scaleDown: { stabilizationWindowSeconds: 60 } }, [
      { secondsAgo: 200, replicas: 5 },
      { secondsAgo: 30, replicas: 3 },
    ]);
    assert.equal(decision.desiredReplicas, 3);
  });

  it('k8s stabilizeRecommendationWithBehaviors: a scale-up takes the LOWEST recommendation of its window → 3, not 6', () => {
    const decision = withHistory(2, 6, { scaleUp: { stabilizationWindowSeconds: 30 } }, [
      { secondsAgo: 20, replicas: 3 },
    ]);
    assert.equal(decision.desiredReplicas, 3);
    // AbleToScale then reads SucceededRescale (the rescale overwrites it, as in Kubernetes); the step keeps the reason.
    assert.equal(
      decision.steps.find((step) => step.rule === 'stabilization')?.values.reason,
      'ScaleUpStabilized',
    );
  });

  it('scale-up window 0 (the default): history does not hold a scale-up back', () => {
    const decision = withHistory(2, 6, { scaleUp: {} }, [{ secondsAgo: 5, replicas: 2 }]);
    assert.equal(decision.desiredReplicas, 6);
  });

  it('the new recommendation is appended and samples older than both windows are dropped', () => {
    const decision = withHistory(5, 2, { scaleDown: { stabilizationWindowSeconds: 60 } }, [
      { secondsAgo: 200, replicas: 5 },
      { secondsAgo: 30, replicas: 3 },
    ]);
    assert.deepEqual(decision.recommendations, [
      { time: secondsAgo(30), replicas: 3 },
      { time: secondsAgo(0), replicas: 2 },
    ]);
  });

  it('k8s recordInitialRecommendation: on the first sync the current count is in the history, so no scale-down yet', () => {
    const decision = decide({
      spec: hpaSpec([PER_POD_TARGET], {}, { scaleUp: {} }),
      currentReplicas: 5,
      pods: recommending(5, 2),
      recommendations: [],
    });
    assert.equal(decision.desiredReplicas, 5);
    assert.ok(decision.steps.some((step) => step.rule === 'first-sync'));
  });

  it('per-direction tolerance (Kubernetes 1.33+): scaleUp.tolerance 0 scales at 5 % over target, the default 0.1 does not', () => {
    const over = ['a', 'b', 'c', 'd'].map((name) => pod(name, 1000, 525)); // 52 % of a 50 % target: ratio 1.04
    const spec = (behavior: HpaBehavior) => hpaSpec([cpuUtilization(50)], {}, behavior);
    assert.equal(decide({ spec: spec({ scaleUp: {} }), currentReplicas: 4, pods: over }).desiredReplicas, 4);
    assert.equal(
      decide({ spec: spec({ scaleUp: { tolerance: '0' } }), currentReplicas: 4, pods: over }).desiredReplicas,
      5,
    );
  });
});
