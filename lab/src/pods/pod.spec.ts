import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakePodSpec, processAlive } from '../../test/fixtures/fake-pod-spec';
import { freePort } from './free-port';
import { Pod } from './pod';

describe('Pod lifecycle', () => {
  it('is Running but not ready until its readiness probe passes', async () => {
    const pod = new Pod('p-ready', await freePort(), fakePodSpec({}, { READY_AFTER_MS: '700' }));
    pod.start();
    try {
      await sleep(400);
      assert.equal(pod.snapshot().phase, 'Running');
      assert.equal(pod.ready, false, 'ready before the probe passed');
      await pod.whenReady();
      const status = pod.snapshot();
      assert.ok(
        status.readyAt! - status.startedAt! >= 650,
        `ready ${status.readyAt! - status.startedAt!} ms after start`,
      );
    } finally {
      await pod.terminate();
    }
  });

  it('runs the startup probe first: no readiness before it succeeds', async () => {
    const startupProbe = {
      path: '/health/ready',
      initialDelaySeconds: 0.5,
      periodSeconds: 0.1,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 50,
    };
    const pod = new Pod('p-startup', await freePort(), fakePodSpec({ startupProbe }));
    pod.start();
    try {
      await pod.whenReady();
      const status = pod.snapshot();
      assert.ok(status.readyAt! - status.startedAt! >= 450, 'ready before the startup probe could run');
    } finally {
      await pod.terminate();
    }
  });

  it('on deletion: unready at once, preStop sleep, then SIGTERM (a graceful exit)', async () => {
    const pod = new Pod('p-term', await freePort(), fakePodSpec({ preStopSleepSeconds: 0.5 }));
    pod.start();
    await pod.whenReady();
    const pid = pod.snapshot().pid!;
    const deleted = Date.now();
    const terminated = pod.terminate();
    assert.equal(pod.ready, false, 'still ready (in the endpoints) right after deletion');
    await sleep(300);
    assert.ok(processAlive(pid), 'signalled before the preStop sleep ended');
    await terminated;
    const status = pod.snapshot();
    assert.equal(status.lastTermination, 'exit 0');
    assert.equal(status.phase, 'Succeeded');
    assert.ok(status.exitedAt! - deleted >= 500);
  });

  it('SIGKILLs a container that ignores SIGTERM once terminationGracePeriodSeconds ran out', async () => {
    const pod = new Pod(
      'p-kill',
      await freePort(),
      fakePodSpec({ terminationGracePeriodSeconds: 0.8 }, { IGNORE_SIGTERM: '1' }),
    );
    pod.start();
    await pod.whenReady();
    const deleted = Date.now();
    await pod.terminate();
    const status = pod.snapshot();
    assert.equal(status.lastTermination, 'SIGKILL');
    const took = status.exitedAt! - deleted;
    assert.ok(took >= 750 && took < 2000, `killed after ${took} ms`);
  });

  it('restarts a container that dies on its own (restartPolicy Always), unready meanwhile', async () => {
    const pod = new Pod('p-crash', await freePort(), fakePodSpec());
    pod.start();
    await pod.whenReady();
    process.kill(pod.snapshot().pid!, 'SIGKILL');
    await sleep(200);
    assert.equal(pod.ready, false);
    assert.equal(pod.snapshot().restartCount, 1);
    await pod.terminate();
  });
});
