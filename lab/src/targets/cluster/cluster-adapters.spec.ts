// The Kubernetes adapters through the real client library (@kubernetes/client-node 1.3) against a local API
// server that answers with fixtures in the real API shapes, including the missing and failing cases.
import { AppsV1Api, AutoscalingV2Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FakeKubeApi, fixture } from '../../../test/support/cluster/fake-kube-api';
import { MissingPartError } from './cluster-errors';
import { hpaStatusOf, readHpaStatus } from './hpa-status';
import { readPodUsage } from './pod-metrics';
import { listIrisPods, podStateOf } from './pods';
import { ScaleEventWatch } from './scale-events';
import {
  applyServiceEnv,
  assertPlainValues,
  hasServiceEnv,
  restoreServiceEnv,
  serviceEnvOf,
} from './service-env';
import { createHpa, deleteHpa, restoreHpa, saveHpa, scaleDeployment, waitUntilStable } from './workload';

const NAMESPACE = 'iris-lab';
const FAST = { stablePolls: 2, pollMs: 10, timeoutMs: 2000 };

describe('cluster adapters (client-node against a fake API server)', () => {
  let fake: FakeKubeApi;
  let apis: { apps: AppsV1Api; autoscaling: AutoscalingV2Api; core: CoreV1Api; custom: CustomObjectsApi };
  beforeAll(async () => {
    fake = await FakeKubeApi.start();
    const kc = fake.kubeConfig();
    apis = {
      apps: kc.makeApiClient(AppsV1Api),
      autoscaling: kc.makeApiClient(AutoscalingV2Api),
      core: kc.makeApiClient(CoreV1Api),
      custom: kc.makeApiClient(CustomObjectsApi),
    };
  });
  afterAll(() => fake.close());

  it('reads the HPA status: replicas, each metric current vs target, conditions', async () => {
    const status = await readHpaStatus(apis.autoscaling, NAMESPACE, 'iris');
    assert.equal(status.currentReplicas, 2);
    assert.equal(status.desiredReplicas, 4);
    assert.equal(status.minReplicas, 2);
    assert.equal(status.maxReplicas, 15);
    assert.deepEqual(status.metrics, [
      { name: 'cpu', currentUtilization: 95, targetUtilization: 60 },
      { name: 'memory', currentUtilization: 37, targetUtilization: 70 },
    ]);
    assert.deepEqual(
      status.conditions.map((c) => `${c.type}=${c.status} ${c.reason}`),
      [
        'AbleToScale=True SucceededRescale',
        'ScalingActive=True ValidMetricFound',
        'ScalingLimited=False DesiredWithinRange',
      ],
    );
    assert.equal(status.lastScaleTime, '2026-11-23T10:12:31.000Z');
  });

  it('an HPA without metrics yet shows <unknown> utilization (null) and says why', () => {
    const status = hpaStatusOf(fixture('hpa-no-metrics.json'));
    assert.deepEqual(status.metrics, [{ name: 'cpu', currentUtilization: null, targetUtilization: 60 }]);
    assert.match(status.conditions[1].message ?? '', /unable to fetch metrics from resource metrics API/);
  });

  it('maps pods: phase, Terminating while deleted, readiness, start and ready times', () => {
    const pods = fixture('pod-list.json').items.map(podStateOf);
    assert.deepEqual(pods, [
      {
        name: 'iris-5d8f7c9b6-k7x2p',
        phase: 'Running',
        ready: true,
        startedAt: '2026-11-23T10:00:01.000Z',
        readyAt: '2026-11-23T10:00:06.000Z',
      },
      { name: 'iris-5d8f7c9b6-q9w4z', phase: 'Pending', ready: false, startedAt: '2026-11-23T10:12:31.000Z' },
      // Being deleted: no longer ready (out of the Service), though it had been ready since 09:40:05.
      {
        name: 'iris-5d8f7c9b6-zz81m',
        phase: 'Terminating',
        ready: false,
        startedAt: '2026-11-23T09:40:00.000Z',
        readyAt: '2026-11-23T09:40:05.000Z',
      },
    ]);
  });

  it('lists the iris pods by their selector label through the API', async () => {
    const pods = await listIrisPods(apis.core, NAMESPACE);
    assert.deepEqual(pods.map((p) => p.name).sort(), fake.podNames().sort());
    assert.ok(fake.requests.includes('GET /api/v1/namespaces/iris-lab/pods'));
  });

  it('sums per-pod CPU (nanocores and millicores) and memory from metrics.k8s.io PodMetrics', async () => {
    const usage = await readPodUsage(apis.custom, NAMESPACE);
    assert.equal(usage.size, fake.podNames().length);
    const [first] = usage.values();
    assert.equal(first.cpuMillicores, 3);
    assert.equal(first.memoryBytes, 101248 * 1024);
  });

  it('no metrics API (404 on metrics.k8s.io) is a missing part, not a crash', async () => {
    const bare = await FakeKubeApi.start({ metricsApi: false });
    try {
      const custom = bare.kubeConfig().makeApiClient(CustomObjectsApi);
      await assert.rejects(readPodUsage(custom, NAMESPACE), (error: unknown) => {
        assert.ok(error instanceof MissingPartError);
        assert.equal(error.part, 'metrics');
        assert.match(error.reason, /no metrics API/);
        return true;
      });
    } finally {
      await bare.close();
    }
  });

  it('turns events into scale and pod events, once each, oldest first, ignoring other pods', async () => {
    const core = { listNamespacedEvent: async () => fixture('event-list.json') } as unknown as CoreV1Api;
    const watch = new ScaleEventWatch(core, NAMESPACE, new Date(0), 2);
    const events = await watch.poll();
    assert.deepEqual(
      events.map((e) => [e.kind, e.source, e.pod ?? `${e.from}->${e.to}`]),
      [
        ['scale-up', 'hpa', '2->4'],
        ['other', 'deployment', 'undefined->undefined'],
        ['pod-created', 'kubelet', 'iris-5d8f7c9b6-q9w4z'],
        ['pod-not-ready', 'kubelet', 'iris-5d8f7c9b6-q9w4z'],
        ['pod-terminating', 'kubelet', 'iris-5d8f7c9b6-zz81m'],
      ],
    );
    assert.deepEqual(await watch.poll(), [], 'already reported');
    const later = new ScaleEventWatch(core, NAMESPACE, new Date('2026-11-23T10:12:36Z'), 2);
    assert.deepEqual(
      (await later.poll()).map((e) => e.kind),
      ['pod-terminating'],
      'events before the run are skipped',
    );
  });

  it('a later rescale to fewer pods is a scale-down from the last size', async () => {
    const list = fixture('event-list.json');
    const down = {
      ...list.items[0],
      metadata: { uid: 'e9' },
      message: 'New size: 2; reason: All metrics below target',
      lastTimestamp: '2026-11-23T10:20:00Z',
    };
    const core = {
      listNamespacedEvent: async () => ({ items: [list.items[0], down] }),
    } as unknown as CoreV1Api;
    const events = await new ScaleEventWatch(core, NAMESPACE, new Date(0), 2).poll();
    assert.deepEqual(
      events.map((e) => `${e.kind} ${e.from}->${e.to}`),
      ['scale-up 2->4', 'scale-down 4->2'],
    );
  });

  it('scales the Deployment through its scale subresource and waits until stable', async () => {
    await scaleDeployment(apis.apps, NAMESPACE, 2);
    assert.equal(fake.scaleCalls.at(-1), 2);
    const states: string[] = [];
    await waitUntilStable({ ...apis }, NAMESPACE, 2, FAST, (s) => states.push(s));
    assert.equal(states.length, 2, 'two stable polls in a row');
    assert.match(states[0], /ready 2, pods 2\/2 ready/);
    await assert.rejects(
      waitUntilStable({ ...apis }, NAMESPACE, 5, { ...FAST, timeoutMs: 50 }),
      /not stable at 5 replicas/,
    );
  });

  it('saves, replaces and restores the HPA (404 on delete and read are not errors)', async () => {
    const saved = await saveHpa(apis.autoscaling, NAMESPACE);
    assert.equal(saved?.spec?.maxReplicas, 15);
    await deleteHpa(apis.autoscaling, NAMESPACE);
    await deleteHpa(apis.autoscaling, NAMESPACE);
    assert.equal(await saveHpa(apis.autoscaling, NAMESPACE), undefined);
    await createHpa(apis.autoscaling, NAMESPACE, { ...fake.originalHpaSpec, maxReplicas: 3 });
    assert.equal(fake.hpa?.spec.maxReplicas, 3);
    await restoreHpa(apis.autoscaling, NAMESPACE, saved);
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec);
  });
});

describe('service env of the run on the iris Deployment (strategic-merge patch through client-node)', () => {
  const SMP = 'application/strategic-merge-patch+json';
  const wanted = { MODEL_COST_MS: 2, MAX_REQUESTS_PER_SOCKET: 100, STARTUP_DELAY_MS: 0 };
  let fake: FakeKubeApi;
  let apps: AppsV1Api;
  beforeAll(async () => {
    fake = await FakeKubeApi.start();
    apps = fake.kubeConfig().makeApiClient(AppsV1Api);
  });
  afterAll(() => fake.close());
  const read = async () =>
    serviceEnvOf(await apps.readNamespacedDeployment({ name: 'iris', namespace: NAMESPACE }));

  it('reads the entries of the iris container (unset as undefined) and compares them as numbers', async () => {
    const current = await read();
    assert.deepEqual({ ...current.MODEL_COST_MS }, { name: 'MODEL_COST_MS', value: '1' });
    assert.equal(current.MAX_REQUESTS_PER_SOCKET, undefined);
    assert.equal(hasServiceEnv(current, wanted), false);
    assert.equal(
      hasServiceEnv(current, { MODEL_COST_MS: 1, MAX_REQUESTS_PER_SOCKET: 0, STARTUP_DELAY_MS: 0 }),
      false,
      'unset ≠ 0',
    );
    const set = { name: 'X', value: '2.0' };
    assert.equal(
      hasServiceEnv(
        {
          MODEL_COST_MS: set,
          MAX_REQUESTS_PER_SOCKET: { ...set, value: '100' },
          STARTUP_DELAY_MS: { ...set, value: '0' },
        },
        wanted,
      ),
      true,
    );
  });

  it('sets the values with one strategic-merge patch of the iris container env, then restores the entries', async () => {
    const original = fake.env();
    const saved = await read();
    await applyServiceEnv(apps, NAMESPACE, wanted);
    assert.deepEqual(fake.deploymentPatches[0], {
      contentType: SMP,
      body: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'iris',
                  env: [
                    { name: 'MODEL_COST_MS', value: '2' },
                    { name: 'MAX_REQUESTS_PER_SOCKET', value: '100' },
                    { name: 'STARTUP_DELAY_MS', value: '0' },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    assert.equal(hasServiceEnv(await read(), wanted), true);
    assert.deepEqual(
      fake.env().find((e) => e.name === 'OTEL_SERVICE_NAME'),
      { name: 'OTEL_SERVICE_NAME', value: 'iris-service' },
      'other entries untouched',
    );

    await restoreServiceEnv(apps, NAMESPACE, saved);
    assert.equal(fake.deploymentPatches[1].contentType, SMP);
    assert.deepEqual(fake.deploymentPatches[1].body.spec.template.spec.containers[0].env, [
      { name: 'MODEL_COST_MS', value: '1' },
      { name: 'MAX_REQUESTS_PER_SOCKET', $patch: 'delete' },
      { name: 'STARTUP_DELAY_MS', $patch: 'delete' },
    ]);
    assert.deepEqual(fake.env(), original);
  });

  it('refuses an entry taken from valueFrom (a merge would keep both) before patching', () => {
    const fromConfigMap = {
      name: 'MODEL_COST_MS',
      valueFrom: { configMapKeyRef: { name: 'iris', key: 'modelCostMs' } },
    };
    assert.throws(
      () =>
        assertPlainValues(
          { MODEL_COST_MS: fromConfigMap, MAX_REQUESTS_PER_SOCKET: undefined, STARTUP_DELAY_MS: undefined },
          wanted,
        ),
      /takes MODEL_COST_MS from valueFrom/,
    );
    assert.doesNotThrow(() =>
      assertPlainValues(
        { MODEL_COST_MS: undefined, MAX_REQUESTS_PER_SOCKET: undefined, STARTUP_DELAY_MS: undefined },
        wanted,
      ),
    );
  });
});
