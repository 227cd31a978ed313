// Every fault kind on a cluster, against the fake Kubernetes API: the API calls each one makes (delete with
// gracePeriodSeconds 0 or the pod's own, the restartedAt annotation, the collector's scale and back, the pods'
// fault endpoint through the pod proxy), and the refusal when the pods have no fault endpoint (as on GKE).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from '@jest/globals';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { FakeKubeApi } from '../../../test/support/cluster/fake-kube-api';
import { FAULT_KINDS, parseFault } from '../../faults/fault-spec';
import { ClusterFaults, clusterFaultKinds } from './cluster-faults';

describe('clusterFaultKinds', () => {
  it('offers every kind on kind, and no service fault on GKE (its pods have no fault endpoint)', () => {
    assert.deepEqual(Array.from(clusterFaultKinds('kind')), Array.from(FAULT_KINDS));
    assert.deepEqual(Array.from(clusterFaultKinds('gke')), [
      'kill-pod',
      'delete-pod',
      'rollout-restart',
      'collector-down',
    ]);
  });
});

describe('ClusterFaults on the fake Kubernetes API', () => {
  let fake: FakeKubeApi;
  afterEach(() => fake.close());

  async function faultsOn(options: { faultsEnabled?: boolean } = {}) {
    fake = await FakeKubeApi.start({ initialReplicas: 2, ...options });
    const kubeConfig = fake.kubeConfig();
    return new ClusterFaults({
      kubeConfig,
      apps: kubeConfig.makeApiClient(AppsV1Api),
      core: kubeConfig.makeApiClient(CoreV1Api),
      namespace: 'iris-lab',
      pollMs: 10,
      recoveryTimeoutMs: 5000,
    });
  }

  it('kill-pod deletes a pod with gracePeriodSeconds 0, delete-pod with its own grace; each is replaced', async () => {
    const faults = await faultsOn();
    const [first] = fake.podNames();
    const kill = await faults.inject(parseFault('kill-pod@1s'));
    assert.match(kill.started, new RegExp(`deleted pod ${first} with gracePeriodSeconds 0`));
    assert.match(await kill.ended, new RegExp(`pod ${first} replaced after`));
    const [second] = fake.podNames();
    const remove = await faults.inject(parseFault('delete-pod@1s'));
    assert.match(remove.started, /graceful/);
    await remove.ended;
    assert.deepEqual(fake.podDeletions, [{ pod: first, gracePeriodSeconds: 0 }, { pod: second }]);
    assert.equal(fake.podNames().length, 2);
  });

  it('rollout-restart sets the restartedAt annotation of the pod template, as kubectl rollout restart', async () => {
    const faults = await faultsOn();
    const before = fake.podNames();
    const restart = await faults.inject(parseFault('rollout-restart@1s'));
    assert.match(await restart.ended, /every pod replaced/);
    const patch = fake.deploymentPatches.at(-1)!;
    assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
    const restartedAt = patch.body.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'];
    assert.ok(!Number.isNaN(Date.parse(restartedAt)), restartedAt);
    assert.ok(fake.podNames().every((name) => !before.includes(name)));
  });

  it('collector-down scales the collector to 0 for the duration, then back', async () => {
    const faults = await faultsOn();
    const down = await faults.inject(parseFault('collector-down@1s+100ms'));
    assert.deepEqual(fake.collectorScales, [0]);
    assert.match(await down.ended, /scaled back to 1/);
    assert.deepEqual(fake.collectorScales, [0, 1]);
  });

  it('sends each service fault to every running pod through the pod proxy', async () => {
    const faults = await faultsOn({ faultsEnabled: true });
    const specs = [
      'slow-model:50ms@1s+30ms',
      'cpu-burn:500m@1s+30ms',
      'error-rate:10%@1s+30ms',
      'readiness-fail@1s+30ms',
    ];
    for (const spec of specs) {
      const injection = await faults.inject(parseFault(spec));
      assert.match(injection.started, /played by iris-\w+-p\d+, iris-\w+-p\d+$/);
      assert.match(await injection.ended, /over/);
    }
    assert.deepEqual(
      fake.faultRequests.map(({ body }) => JSON.stringify(body)),
      [
        { kind: 'slow-model', durationMs: 30, amount: 50 },
        { kind: 'cpu-burn', durationMs: 30, amount: 500 },
        { kind: 'error-rate', durationMs: 30, amount: 10 },
        { kind: 'readiness-fail', durationMs: 30 },
      ].flatMap((body) => [JSON.stringify(body), JSON.stringify(body)]),
    );
  });

  it('refuses a service fault, saying why, when the pods run without the fault endpoint (GKE)', async () => {
    const faults = await faultsOn({ faultsEnabled: false });
    await assert.rejects(
      faults.inject(parseFault('error-rate:10%@1s+1s')),
      /has no fault endpoint \(its container runs without IRIS_FAULTS_ENABLED=true\)/,
    );
    assert.deepEqual(fake.faultRequests, []);
  });
});
