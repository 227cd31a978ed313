import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakePodSpec } from '../../../../test/support/fake-pod-spec';
import { fakeServiceUnderTest } from '../../../../test/support/fake-service-under-test';
import { startUsers } from '../../../../test/support/keep-alive-users';
import type { Pod, PodStatus } from './pod';
import { rolloutStep, scaleDownOrder } from './replica-set';

const serviceUnderTest = (replicas: number) =>
  fakeServiceUnderTest(replicas, fakePodSpec({ preStopSleepSeconds: 0.3 }, { SLOW_MS: '20' }));

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
    await sleep(300);
    await replicaSet.deletePod(replicaSet.pods()[0].name);
    await sleep(300);
    const result = await users.stop();
    await close();
    assert.deepEqual(result.failures, []);
    assert.ok(result.ok > 50, `only ${result.ok} requests`);
  });

  it('a pod killed under load loses no request that was not in flight on it', async () => {
    const { replicaSet, balancer, port, close } = await serviceUnderTest(2);
    const users = startUsers(port, 10);
    await sleep(300);
    const victim = replicaSet.pods()[0];
    // Each user has at most one request in flight, on its one connection: the open connections bound the loss.
    const inFlightBound = balancer.connectionCounts()[victim.name].open;
    process.kill(victim.snapshot().pid!, 'SIGKILL');
    await sleep(500);
    const result = await users.stop();
    await close();
    assert.ok(
      result.failures.length <= inFlightBound,
      `${result.failures.length} failures > ${inFlightBound} in flight`,
    );
    assert.ok(result.ok > 50);
  });

  it('a rolling restart under load fails no request', async () => {
    const { replicaSet, port, close } = await serviceUnderTest(2);
    const before = replicaSet.pods().map((pod) => pod.name);
    const users = startUsers(port, 10);
    await sleep(200);
    await replicaSet.rollingRestart();
    await sleep(200);
    const result = await users.stop();
    const afterRestart = replicaSet.pods().map((pod) => pod.name);
    await close();
    assert.deepEqual(result.failures, []);
    assert.equal(afterRestart.length, 2);
    assert.ok(
      afterRestart.every((name) => !before.includes(name)),
      'every pod replaced',
    );
  });
});
