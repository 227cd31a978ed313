import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fakePodSpec } from '../../../../test/support/fake-pod-spec';
import { fakeServiceUnderTest } from '../../../../test/support/fake-service-under-test';
import { startUsers } from '../../../../test/support/keep-alive-users';
import type { Pod, PodStatus } from './pod';
import { rolloutStep, scaleDownOrder } from './replica-set';

// A deleted pod drains until its last client has left: the drain bound (SHUTDOWN_GRACE_MS, inside the pod's
// grace period) is never what ends it here, however late a busy machine's users come back for their next request.
const serviceUnderTest = (replicas: number) =>
  fakeServiceUnderTest(
    replicas,
    fakePodSpec(
      { preStopSleepSeconds: 0.3, terminationGracePeriodSeconds: 30 },
      { SLOW_MS: '20', SHUTDOWN_GRACE_MS: '20000' },
    ),
  );

/** Requests every user makes a few of: the users run before, and go on after, what a test does to the pods. */
const SERVED = 50;

const fakePod = (status: Partial<PodStatus>): Pod =>
  ({ snapshot: () => ({ phase: 'Running', ready: true, createdAt: 0, ...status }) }) as unknown as Pod;

describe('ReplicaSet', () => {
  it('scales down pending, then unready, then the newest pods first', () => {
    const pods = [
      fakePod({ name: 'old-ready', createdAt: 1, readyAt: 2 }),
      fakePod({ name: 'new-ready', createdAt: 5, readyAt: 6 }),
      fakePod({ name: 'unready', createdAt: 2, ready: false }),
      fakePod({ name: 'pending', createdAt: 1, ready: false, phase: 'Pending' }),
    ];
    const order = scaleDownOrder(pods).map((pod) => pod.snapshot().name);
    assert.deepEqual(order, ['pending', 'unready', 'new-ready', 'old-ready']);
  });

  it("sizes a rollout's steps as the Deployment controller: maxSurge rounded up, maxUnavailable down", () => {
    assert.deepEqual(rolloutStep({ maxSurge: '25%', maxUnavailable: 0 }, 2), { surge: 1, unavailable: 0 });
    assert.deepEqual(rolloutStep({ maxSurge: '25%', maxUnavailable: 0 }, 9), { surge: 3, unavailable: 0 });
    assert.deepEqual(rolloutStep({ maxSurge: '25%', maxUnavailable: '25%' }, 7), {
      surge: 2,
      unavailable: 1,
    });
    assert.deepEqual(rolloutStep({ maxSurge: 0, maxUnavailable: 2 }, 4), { surge: 0, unavailable: 2 });
    assert.deepEqual(rolloutStep({ maxSurge: 0, maxUnavailable: '10%' }, 3), { surge: 1, unavailable: 0 });
  });

  it('reconciles up and down to the desired count', async () => {
    const { replicaSet, close } = await serviceUnderTest(3);
    try {
      assert.equal(replicaSet.pods().length, 3);
      // The pod ready the longest stays: the others are newer by ready time (ActivePods ordering).
      const since = (pod: Pod) => [pod.snapshot().readyAt!, pod.snapshot().createdAt];
      const [longestReady] = replicaSet
        .pods()
        .sort((a, b) => since(a)[0] - since(b)[0] || since(a)[1] - since(b)[1]);
      await replicaSet.scale(1);
      assert.deepEqual(
        replicaSet.pods().map((pod) => pod.name),
        [longestReady.name],
      );
    } finally {
      await close();
    }
  });

  it('a pod deleted under load (preStop, SIGTERM, drain) fails no request', async () => {
    const { replicaSet, port, close } = await serviceUnderTest(2);
    const users = startUsers(port, 10);
    try {
      await users.served(SERVED);
      await replicaSet.deletePod(replicaSet.pods()[0].name);
      await users.served(SERVED);
    } finally {
      await users.stop().finally(close);
    }
    assert.deepEqual((await users.stop()).failures, []);
  });

  it('a pod killed under load loses no request that was not in flight on it', async () => {
    const { replicaSet, balancer, port, close } = await serviceUnderTest(2);
    const users = startUsers(port, 10);
    const victim = replicaSet.pods()[0];
    // Each user has at most one request in flight, on its one connection: the open connections bound the loss,
    // plus each new connection the Service sent to the victim before it learnt of the death (kube-proxy's lag).
    let atKill = { connections: 0, open: 0 };
    let connectionsUntilNoticed = 0;
    try {
      await users.served(SERVED);
      atKill = balancer.connectionCounts()[victim.name];
      const noticed = new Promise<void>((resolve) =>
        victim.on('changed', function onChange(status: PodStatus) {
          if (status.pid !== undefined) return;
          connectionsUntilNoticed = balancer.connectionCounts()[victim.name].connections - atKill.connections;
          victim.off('changed', onChange);
          resolve();
        }),
      );
      process.kill(victim.snapshot().pid!, 'SIGKILL');
      await noticed;
      assert.ok(!balancer.endpointNames().includes(victim.name), 'a dead pod is still an endpoint');
      await users.served(SERVED);
    } finally {
      await users.stop().finally(close);
    }
    const { failures } = await users.stop();
    assert.ok(
      failures.length <= atKill.open + connectionsUntilNoticed,
      `${failures.length} failures > ${atKill.open} in flight + ${connectionsUntilNoticed} sent before the death was seen`,
    );
  });

  it('a rolling restart under load fails no request', async () => {
    const { replicaSet, port, close } = await serviceUnderTest(2);
    const before = replicaSet.pods().map((pod) => pod.name);
    const users = startUsers(port, 10);
    let afterRestart: string[] = [];
    try {
      await users.served(SERVED);
      await replicaSet.rollingRestart();
      await users.served(SERVED);
      afterRestart = replicaSet.pods().map((pod) => pod.name);
    } finally {
      await users.stop().finally(close);
    }
    assert.deepEqual((await users.stop()).failures, []);
    assert.equal(afterRestart.length, 2);
    assert.ok(
      afterRestart.every((name) => !before.includes(name)),
      'every pod replaced',
    );
  });
});
