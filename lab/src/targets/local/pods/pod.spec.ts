import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakePodSpec, fastProbe, processAlive } from '../../../../test/support/fake-pod-spec';
import { fakeServiceUnderTest } from '../../../../test/support/fake-service-under-test';
import { freePort } from './free-port';
import { Pod, restartBackoffSeconds, type PodStatus } from './pod';
import { LimitEnforcer } from '../limits/limit-enforcer';
import { podEventRecorder } from '../pod-events';
import type { TargetRecorder } from '../../../target-api/target';
import type { ScaleEventRecord } from '../../../results/results.types';

describe('restartBackoffSeconds (the kubelet crash-loop back-off)', () => {
  it('restarts at once the first time, then waits 10 s doubling up to 300 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(restartBackoffSeconds), [0, 10, 20, 40, 80, 160, 300, 300]);
  });
});

describe('Pod lifecycle', () => {
  it('is Running but not ready until its readiness probe passes', async () => {
    const pod = new Pod('p-ready', await freePort(), fakePodSpec({}, { READY_AFTER_MS: '700' }));
    const running = nextChange(pod, (status) => status.phase === 'Running');
    pod.start();
    try {
      await running;
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

  // The stand-in exits as soon as SIGTERM finds no client connected (none is here): its exit dates the signal.
  it('on deletion: unready at once, preStop sleep, then SIGTERM (a graceful exit)', async () => {
    const pod = new Pod('p-term', await freePort(), fakePodSpec({ preStopSleepSeconds: 0.5 }));
    pod.start();
    await pod.whenReady();
    const deleted = Date.now();
    const terminated = pod.terminate();
    assert.equal(pod.ready, false, 'still ready (in the endpoints) right after deletion');
    await terminated;
    const status = pod.snapshot();
    assert.equal(status.lastTermination, 'exit 0');
    assert.equal(status.phase, 'Succeeded');
    assert.ok(
      status.exitedAt! - deleted >= 500,
      `exited ${status.exitedAt! - deleted} ms after deletion: signalled before the preStop sleep ended`,
    );
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
    // Not before the grace period ran out; the upper bound tells a kill at its end, however late a busy machine
    // fires the timer, from none at all (the container would live on).
    const took = status.exitedAt! - deleted;
    assert.ok(took >= 750 && took < 10_000, `killed after ${took} ms`);
  });

  it('restarts a container that dies on its own (restartPolicy Always), unready meanwhile', async () => {
    const pod = new Pod('p-crash', await freePort(), fakePodSpec());
    pod.start();
    try {
      await pod.whenReady();
      const firstPid = pod.snapshot().pid!;
      const exited = nextChange(pod, (status) => status.pid === undefined);
      process.kill(firstPid, 'SIGKILL');
      const gone = await exited;
      assert.equal(gone.ready, false);
      assert.equal(gone.lastTermination, 'SIGKILL');
      // The first restart is immediate (the kubelet's back-off starts with the second one).
      await until(() => pod.ready, 'the restarted container never became ready');
      assert.notEqual(pod.snapshot().pid, firstPid);
      assert.equal(pod.snapshot().restartCount, 1);
    } finally {
      await pod.terminate();
    }
  });

  it('kills and restarts a container whose liveness probe fails failureThreshold times, out of the Service meanwhile', async () => {
    // initialDelaySeconds as a Deployment sets it: probes of a container not yet listening would count as failures.
    const livenessProbe = {
      ...fastProbe,
      path: '/health/live',
      initialDelaySeconds: 0.3,
      periodSeconds: 0.2,
      failureThreshold: 3,
    };
    const service = await fakeServiceUnderTest(1, fakePodSpec({ livenessProbe }, { SHUTDOWN_GRACE_MS: '0' }));
    const [pod] = service.replicaSet.pods();
    // The Service's endpoints must follow the pod's readiness at every instant.
    const seen: Array<{ ready: boolean; inService: boolean }> = [];
    const watch = setInterval(
      () => seen.push({ ready: pod.ready, inService: service.balancer.endpointNames().includes(pod.name) }),
      5,
    );
    try {
      const firstPid = pod.snapshot().pid!;
      const failingSince = Date.now();
      const exited = nextChange(pod, (status) => status.pid === undefined);
      await fetch(`http://127.0.0.1:${pod.port}/test/fail-liveness`, { method: 'POST' });

      // Before failureThreshold probes 0.2 s apart can have failed: still running, still in the Service. Only a
      // machine too busy to get here within 0.39 s has nothing left to check at this point.
      const stillAlive = processAlive(firstPid);
      const stillReady = pod.ready;
      if (Date.now() - failingSince < 390) {
        assert.ok(stillAlive, 'killed before failureThreshold probes failed');
        assert.equal(stillReady, true, 'a failing liveness probe alone does not unready the pod');
      }

      const killed = await exited;
      const killedAfterMs = killed.exitedAt! - failingSince;
      // Three failures 0.2 s apart: the kill comes 0.4 to 0.6 s in, then the container's exit after SIGTERM (906 ms
      // in all seen on a shared 2-core machine). The upper bound tells that from Kubernetes' default periodSeconds
      // of 10 s (a kill 20 s in), however late a busy machine runs the probes.
      assert.ok(
        killedAfterMs >= 390 && killedAfterMs < 10_000,
        `killed ${killedAfterMs} ms after liveness failed`,
      );
      assert.equal(killed.lastTermination, 'exit 0', 'SIGTERM first: the container shut down gracefully');
      assert.equal(killed.ready, false);

      await until(() => pod.ready, 'the restarted container never became ready');
      assert.notEqual(pod.snapshot().pid, firstPid, 'a new container (process), not the old one');
      assert.equal(pod.snapshot().restartCount, 1);
      assert.deepEqual(service.balancer.endpointNames(), [pod.name], 'back in the Service once ready');
      await sleep(700); // the new container passes its liveness probe: no further restart
      assert.equal(pod.snapshot().restartCount, 1);
    } finally {
      clearInterval(watch);
      await service.close();
    }
    assert.ok(
      seen.some((s) => !s.ready),
      'the pod was never seen unready',
    );
    const mismatch = seen.find((s) => s.ready !== s.inService);
    assert.equal(mismatch, undefined, 'the Service sent traffic to an unready pod or skipped a ready one');
  });
});

describe('Pod under resources.limits', () => {
  it('OOM-kills a container whose memory passes its limit, records it and restarts it', async () => {
    const limits = new LimitEnforcer({ limits: { memoryBytes: 64 * 2 ** 20 }, memoryCheckMs: 50 });
    // Node at rest is well under 64Mi; the 96 MiB the container fills once listening is not.
    const pod = new Pod(
      'p-oom',
      await freePort(),
      fakePodSpec({}, { ALLOCATE_MIB: '96' }),
      undefined,
      limits,
    );
    const events: Array<Omit<ScaleEventRecord, 'time' | 'elapsedSeconds'>> = [];
    const recorder = { event: (record) => events.push(record) } as Pick<
      TargetRecorder,
      'event'
    > as TargetRecorder;
    pod.on('changed', podEventRecorder(recorder));
    const killed = nextChange(pod, (status) => status.pid === undefined);
    pod.start();
    try {
      const status = await killed;
      assert.equal(status.lastTermination, 'OOMKilled');
      assert.match(status.lastTerminationMessage ?? '', /^memory \d+Mi above its limit of 64Mi$/);
      const oom = events.filter((event) => event.kind === 'pod-oom-killed');
      assert.equal(oom.length, 1);
      assert.match(
        oom[0].message,
        /^Container iris OOMKilled \(memory \d+Mi above its limit of 64Mi\); restarting$/,
      );
      // The first restart is immediate, as after any other death of the container.
      await until(
        () => pod.snapshot().restartCount === 1 && pod.snapshot().pid !== undefined,
        'not restarted',
      );
    } finally {
      await pod.terminate();
    }
  });

  it("counts a CPU-bound container's CFS periods, and keeps counting across a restart", async () => {
    const limits = new LimitEnforcer({ limits: { cpuMillicores: 100 }, cpuStrategy: 'duty-cycle' });
    const pod = new Pod('p-cpu', await freePort(), fakePodSpec({}, { BURN_CPU: '1' }), undefined, limits);
    pod.start();
    try {
      await pod.whenReady();
      await until(() => (pod.snapshot().cpuCfs?.throttledPeriods ?? 0) >= 5, 'never throttled');
      const before = pod.snapshot().cpuCfs!;
      assert.ok(
        before.periods >= before.throttledPeriods && before.throttledSeconds > 0,
        JSON.stringify(before),
      );
      process.kill(pod.snapshot().pid!, 'SIGKILL');
      await until(
        () => pod.snapshot().restartCount === 1 && pod.snapshot().pid !== undefined,
        'not restarted',
      );
      await until(() => pod.snapshot().cpuCfs!.throttledPeriods > before.throttledPeriods, 'counters reset');
    } finally {
      await pod.terminate();
    }
  });

  it('has no CFS counters without a CPU limit', async () => {
    const pod = new Pod('p-free', await freePort(), fakePodSpec());
    pod.start();
    try {
      await pod.whenReady();
      assert.equal(pod.snapshot().cpuCfs, undefined);
    } finally {
      await pod.terminate();
    }
  });
});

/** The pod's next status change that matches. */
function nextChange(pod: Pod, matches: (status: PodStatus) => boolean): Promise<PodStatus> {
  return new Promise((resolve) => {
    const onChange = (status: PodStatus) => {
      if (!matches(status)) return;
      pod.off('changed', onChange);
      resolve(status);
    };
    pod.on('changed', onChange);
  });
}

/** Waits for `condition`; a deadline far beyond any machine's lateness fails a pod that never gets there. */
async function until(condition: () => boolean, failure: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, failure);
    await sleep(20);
  }
}
