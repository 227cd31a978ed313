// `lab run --target local --conditions <id>`: the embedded pods get the conditions' requests and limits, probe
// timings and STARTUP_DELAY_MS, and their HPA variant; a pod of the built service then takes the report's start-up.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { serviceDir, serviceEntry, serviceTelemetryRegister } from '../../manifests/repo-paths';
import { createLocalRun } from './create-local-run';
import { freePort } from './pods/free-port';
import { Pod } from './pods/pod';

const MiB = 2 ** 20;

function localRun(conditionsId?: string) {
  return createLocalRun({
    profileId: 'ci-smoke',
    conditionsId,
    balancing: 'round-robin',
    load: 'embedded',
    outDir: join(mkdtempSync(join(tmpdir(), 'conditions-local-')), 'run'),
  });
}

describe('createLocalRun under conditions', () => {
  it("gives the pods report 004's requests, limits, readiness timing, start-up delay and HPA", () => {
    const { profile, target, workload } = localRun('report-004');
    const description = target.describe();
    assert.equal(profile.conditions.id, 'report-004');
    assert.equal(profile.conditions.clientTimeoutSeconds, 5, 'the load generator gives up after 5 s');
    assert.equal(description.hpa.variant, 'report-004');
    assert.deepEqual(description.podResources, {
      requests: { cpuMillicores: 200, memoryBytes: 256 * MiB },
      limits: { cpuMillicores: 200, memoryBytes: 512 * MiB },
    });
    const pod = workload.pod;
    assert.deepEqual(pod.requests, { cpuMillicores: 200, memoryBytes: 256 * MiB });
    assert.deepEqual(pod.limits, { cpuMillicores: 200, memoryBytes: 512 * MiB });
    assert.equal(pod.env.STARTUP_DELAY_MS, '5000');
    assert.equal(pod.readinessProbe.periodSeconds, 5);
    assert.equal(pod.readinessProbe.path, '/health/ready', "the manifest's endpoint stays");
    assert.equal(profile.maxRequestsPerSocket, 0, "the report's server never closed a keep-alive connection");
  });

  it("keeps the manifests' values under the lab's conditions (the default)", () => {
    const { profile, target, workload } = localRun();
    assert.equal(profile.conditions.id, 'lab');
    assert.equal(target.describe().hpa.variant, 'report-001', "ci-smoke's own HPA variant");
    const pod = workload.pod;
    assert.deepEqual(pod.requests, { cpuMillicores: 200, memoryBytes: 384 * MiB });
    assert.equal(pod.env.STARTUP_DELAY_MS, '0');
    assert.equal(pod.readinessProbe.periodSeconds, 2);
    assert.equal(profile.maxRequestsPerSocket, 100, "the profiles' re-spreading");
  });

  it('refuses unknown conditions, listing the valid ones', () => {
    assert.throws(
      () => localRun('report-002'),
      /unknown conditions "report-002"; .* has: lab, report-000, report-001, report-001-fast-start, report-004, report-004-limit-500m$/,
    );
  });

  it("a pod of the built service under report 004's conditions is ready no sooner than its 5 s start-up", async () => {
    assert.ok(existsSync(serviceEntry), `service not built (${serviceEntry}): run npm run build`);
    const spec = localRun('report-004').workload.pod;
    const pod = new Pod('iris-conditions', await freePort(), {
      ...spec,
      env: { ...spec.env, OTEL_SDK_DISABLED: 'true' },
      command: process.execPath,
      args: ['--require', serviceTelemetryRegister, serviceEntry],
      cwd: serviceDir,
    });
    pod.start();
    try {
      await pod.whenReady();
      const { startedAt, readyAt } = pod.snapshot();
      const readyAfterMs = readyAt! - startedAt!;
      assert.ok(readyAfterMs >= 5000, `ready ${readyAfterMs} ms after start, before STARTUP_DELAY_MS=5000`);
    } finally {
      await pod.terminate();
    }
  }, 60_000);
});
