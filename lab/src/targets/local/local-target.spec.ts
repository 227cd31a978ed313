import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeServiceScript } from '../../../test/support/fake-pod-spec';
import type { TargetRecorder } from '../../target-api/target';
import { workloadFromManifests } from '../../workload/workload-from-manifests';
import { PROCESS_USAGE_SETTING } from '../../metrics/process-usage';
import { LocalTarget } from './local-target';

/** The local target on stand-in pods (the Deployment's spec and limits, a tiny service), its notes collected. */
async function startTarget(enforceLimits?: boolean, metricResolutionSeconds?: number) {
  const notes: string[] = [];
  const recorder: TargetRecorder = {
    decision: () => undefined,
    event: () => undefined,
    missing: () => undefined,
    note: (text) => notes.push(text),
    log: () => undefined,
  };
  const workload = workloadFromManifests('report-001');
  // No preStop sleep and no drain: the Deployment's 5 s + 10 s would only make the spec slow.
  const pod = {
    ...workload.pod,
    preStopSleepSeconds: 0,
    env: { ...workload.pod.env, SHUTDOWN_GRACE_MS: '0' },
  };
  const target = new LocalTarget({
    workload: {
      ...workload,
      pod,
      metricResolutionSeconds: metricResolutionSeconds ?? workload.metricResolutionSeconds,
    },
    modelCostMs: 0,
    maxRequestsPerSocket: 0,
    balancing: 'round-robin',
    load: 'embedded',
    logDir: mkdtempSync(join(tmpdir(), 'local-target-')),
    container: { command: process.execPath, args: [fakeServiceScript], cwd: tmpdir() },
    enforceLimits,
  });
  await target.start(recorder);
  return { target, notes };
}

describe("LocalTarget and the Deployment's resources.limits", () => {
  it('enforces them by default: says how, and samples every pod with its CFS counters', async () => {
    const { target, notes } = await startTarget();
    try {
      assert.match(notes.join('\n'), /^Limits enforced: CPU 1000m per pod by .*; memory 512Mi by /m);
      const { pods } = await target.observe();
      assert.ok(pods.length >= 1);
      for (const pod of pods) assert.ok(Number.isInteger(pod.cpuCfsPeriods), JSON.stringify(pod));
    } finally {
      await target.stop();
    }
  });

  it('runs the pods without them with --no-enforce-limits, and says so', async () => {
    const { target, notes } = await startTarget(false);
    try {
      assert.match(notes.join('\n'), /^Limits not enforced \(--no-enforce-limits/m);
      const { pods } = await target.observe();
      assert.ok(pods.length >= 1);
      for (const pod of pods) assert.equal(pod.cpuCfsPeriods, undefined);
    } finally {
      await target.stop();
    }
  });
});

describe('LocalTarget with the portable process usage source forced (LAB_PROCESS_USAGE=ps)', () => {
  it('serves every pod CPU and memory metrics read by `ps`, and its notes say so', async () => {
    const before = process.env[PROCESS_USAGE_SETTING];
    process.env[PROCESS_USAGE_SETTING] = 'ps';
    // A 1 s resolution: a pod has metrics from its second scrape on.
    const started = startTarget(true, 1);
    const { target, notes } = await started.finally(() => {
      if (before === undefined) delete process.env[PROCESS_USAGE_SETTING];
      else process.env[PROCESS_USAGE_SETTING] = before;
    });
    try {
      const text = notes.join('\n');
      assert.match(
        text,
        /^Pod CPU and memory \(metrics-server, limits\) read from `ps -o pid=,time=,rss=` \(the portable source/m,
      );
      assert.match(
        text,
        /memory 512Mi by reading each pod's resident memory every \d+ ms \(`ps -o pid=,time=,rss=`\)/,
      );
      // Two scrapes 1 s apart, each a `ps` that a busy machine can make late: a deadline, not a count of polls.
      let pods = (await target.observe()).pods;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !pods.every((pod) => pod.cpuMillicores !== null)) {
        await sleep(250);
        pods = (await target.observe()).pods;
      }
      assert.ok(pods.length >= 1);
      for (const pod of pods) {
        assert.ok(pod.cpuMillicores !== null && pod.cpuMillicores >= 0, JSON.stringify(pod));
        assert.ok(pod.memoryBytes !== null && pod.memoryBytes > 10 * 2 ** 20, JSON.stringify(pod));
      }
    } finally {
      await target.stop();
    }
  });
});
