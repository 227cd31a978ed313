import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeServiceScript } from '../../../test/support/fake-pod-spec';
import type { TargetRecorder } from '../../target-api/target';
import { workloadFromManifests } from '../../workload/workload-from-manifests';
import { LocalTarget } from './local-target';

/** The local target on stand-in pods (the Deployment's spec and limits, a tiny service), its notes collected. */
async function startTarget(enforceLimits?: boolean) {
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
    workload: { ...workload, pod },
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
      await sleep(500);
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
