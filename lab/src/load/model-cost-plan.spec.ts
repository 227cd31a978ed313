import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { HpaVariant } from '@iris-lab/service/contracts';
import { loadDeploymentManifest, loadHpaManifest } from '../manifests';
import type { HorizontalPodAutoscalerSpec } from '../hpa';
import { loadProfile, type UsersLoad } from '../profiles/profiles';
import {
  describeStagePlan,
  modelCostPlan,
  modelCostPlanLines,
  type ModelCostPlanInput,
} from './model-cost-plan';

const ONE_REQUEST_PER_SECOND: UsersLoad = {
  kind: 'users',
  stages: [{ users: 10, spawnRate: 10, durationSeconds: 10 }],
  userClasses: [{ name: 'Steady', weight: 1, waitTime: [1, 1] }],
  tasks: { predict: 1, predictBatch: 0, modelCard: 0 },
};
const HPA: HorizontalPodAutoscalerSpec = {
  scaleTargetRef: { kind: 'Deployment', name: 'iris' },
  minReplicas: 2,
  maxReplicas: 5,
  metrics: [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
  ],
};

function plan(overrides: Partial<ModelCostPlanInput> = {}) {
  return modelCostPlan({
    load: ONE_REQUEST_PER_SECOND,
    modelCostMs: 10,
    cpuRequestMillicores: 100,
    hpaSpec: HPA,
    ...overrides,
  });
}

describe('modelCostPlan', () => {
  it('turns users × rate × rows × model cost into the pods the CPU target asks for', () => {
    const [stage] = plan();
    // 10 users × 1 req/s × 1 row × 10 ms = 100m; 50 % of 100m per pod → 2 pods.
    assert.deepEqual(stage, {
      users: 10,
      requestsPerSecond: 10,
      rowsPerRequest: 1,
      modelMillicores: 100,
      podsForCpuTarget: 2,
      minReplicas: 2,
      maxReplicas: 5,
      cpuTargetPercent: 50,
    });
  });

  it('weights rows by the task mix: a batch of 5 counts 5 rows, the model card none', () => {
    const load = { ...ONE_REQUEST_PER_SECOND, tasks: { predict: 10, predictBatch: 1, modelCard: 1 } };
    assert.equal(plan({ load })[0].rowsPerRequest, 15 / 12);
  });

  it('has one plan per stage, each with the user classes that many users get', () => {
    const load: UsersLoad = {
      ...ONE_REQUEST_PER_SECOND,
      stages: [
        { users: 2, spawnRate: 1, durationSeconds: 1 },
        { users: 4, spawnRate: 1, durationSeconds: 1 },
      ],
      userClasses: [
        { name: 'Slow', weight: 1, waitTime: [1, 1] },
        { name: 'Fast', weight: 1, waitTime: [0.5, 0.5] },
      ],
    };
    assert.deepEqual(
      plan({ load }).map((stage) => stage.requestsPerSecond),
      [1 + 2, 2 + 4],
    );
  });

  it('has nothing to say without a CPU utilization target or a CPU request', () => {
    assert.deepEqual(plan({ hpaSpec: { ...HPA, metrics: [] } }), []);
    assert.deepEqual(plan({ cpuRequestMillicores: 0 }), []);
  });

  it('says when the load reaches the maximum, and when it stays at the minimum', () => {
    const [atMax] = plan({ modelCostMs: 100 });
    const [atMin] = plan({ modelCostMs: 1 });
    assert.match(
      describeStagePlan(atMax, 100, 100),
      /1000m of model CPU.* at least 20 pods, so the HPA's maximum of 5\./,
    );
    assert.match(
      describeStagePlan(atMin, 1, 100),
      /at least 1 pod, so the HPA stays at its minimum of 2: raise the model cost/,
    );
  });
});

// 150 users must take the deployment above its HPA minimum and 500 users to its maximum, as in the reports;
// checked by construction from the files every path reads: lab/profiles.yaml (users, classes, tasks,
// model cost), the profile's HPA variant and the Deployment's CPU request.
describe("the reports' profiles exercise the default HPA", () => {
  const cpuRequestMillicores = loadDeploymentManifest().resources.requests.cpuMillicores!;
  const stagePlan = (profileId: string) => {
    const profile = loadProfile(profileId);
    assert.equal(profile.load.kind, 'users');
    const [stage] = modelCostPlan({
      load: profile.load as UsersLoad,
      modelCostMs: profile.modelCostMs,
      cpuRequestMillicores,
      hpaSpec: loadHpaManifest(profile.hpaVariant as HpaVariant).spec,
    });
    assert.ok(stage, `profile ${profileId} has a CPU plan`);
    return { stage, line: describeStagePlan(stage, profile.modelCostMs, cpuRequestMillicores) };
  };

  it('150 users take the deployment above its minimum', () => {
    const { stage, line } = stagePlan('150');
    assert.ok(stage.podsForCpuTarget > stage.minReplicas, line);
  });

  it('500 users take it to its maximum', () => {
    const { stage, line } = stagePlan('500');
    assert.ok(stage.podsForCpuTarget >= stage.maxReplicas, line);
  });

  it('gives a run one line per stage of the profile, from the spec and request as applied', () => {
    const profile = loadProfile('staged');
    const lines = modelCostPlanLines(profile, loadHpaManifest().spec, cpuRequestMillicores);
    assert.deepEqual(
      lines.map((line) => /: (\d+) users/.exec(line)?.[1]),
      ['150', '300', '500'],
    );
    assert.deepEqual(modelCostPlanLines(loadProfile('fixed-100'), loadHpaManifest().spec, 200), []);
  });
});
