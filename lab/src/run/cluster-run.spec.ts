// A whole `lab run --target kind` through the shared runner against a fake cluster: the fake API server answers
// with fixtures and simulates the HPA scaling 2 → 4 under load; the Locust behind the service proxy is real
// (Debian's Locust with the project's locustfile, web mode as in the cluster). Checks the results folder and the
// report, the missing-part notes, Ctrl-C, and that nothing is left running and the HPA is restored; the profile's
// MODEL_COST_MS and MAX_REQUESTS_PER_SOCKET are put on the Deployment for the run and restored after it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { describeUnless } from '../../test/support/skip';
import { FakeKubeApi, fixture, type FakeKubeOptions } from '../../test/support/cluster/fake-kube-api';
import { LOCUST_MISSING, startWebLocust, type WebLocust } from '../../test/support/cluster/web-locust';
import { checkReportConsistency } from '../report/consistency';
import { readResults } from '../results/results-reader';
import { buildReport } from './report-adapter';
import { runExperiment, type RunOutcome } from './run-experiment';
import { createClusterRun, type ClusterRunChoices } from '../targets/cluster/create-cluster-run';
import { freePort } from '../targets/local/pods/free-port';
import { emergencyStopCommand, prepareEmergencyRequest } from '../targets/cluster/emergency-stop';
import { historySince, LocustMaster } from '../targets/cluster/locust-master';

// Only the first run waits for Locust's 10 s history flush; the others take the history as it is.
const FAST = {
  stable: { stablePolls: 2, pollMs: 20, timeoutMs: 5000 },
  loadPollMs: 200,
  historyWaitSeconds: 0,
};
const never = new Promise<void>(() => undefined);

const SMP = 'application/strategic-merge-patch+json';
const ORIGINAL_ENV = fixture('deployment-iris.json').spec.template.spec.containers[0].env;

async function clusterRun(
  fake: FakeKubeApi,
  options: {
    durationSeconds: number;
    interrupted?: Promise<void>;
    historyWaitSeconds?: number;
    stableTimeoutMs?: number;
    choices?: Pick<ClusterRunChoices, 'modelCostMs' | 'maxRequestsPerSocket' | 'conditionsId'>;
  },
): Promise<RunOutcome> {
  const run = await createClusterRun({
    target: 'kind',
    profileId: 'ci-smoke',
    users: 10,
    durationSeconds: options.durationSeconds,
    kubeConfig: fake.kubeConfig('production'),
    ...options.choices,
    tuning: {
      ...FAST,
      stable: { ...FAST.stable, timeoutMs: options.stableTimeoutMs ?? FAST.stable.timeoutMs },
      historyWaitSeconds: options.historyWaitSeconds ?? 0,
    },
  });
  const outDir = join(mkdtempSync(join(tmpdir(), 'iris-kind-run-')), 'run');
  return runExperiment({
    runId: 'kind-ci-smoke',
    outDir,
    ...run,
    loadKind: 'locust',
    buildReport,
    interrupted: options.interrupted ?? never,
    sampleIntervalSeconds: 1,
  });
}

describeUnless(LOCUST_MISSING)('lab run --target kind against a fake cluster with a real Locust', () => {
  let locust: WebLocust;
  const fakes: FakeKubeApi[] = [];
  const fakeCluster = async (options: FakeKubeOptions = {}) => {
    const fake = await FakeKubeApi.start({ locust: locust.url, ...options });
    fakes.push(fake);
    return fake;
  };
  beforeAll(async () => (locust = await startWebLocust(await freePort())));
  afterAll(async () => {
    await Promise.all(fakes.map((fake) => fake.close()));
    await locust.close();
  });

  it('records the scale-up, the load, the spans and writes a report consistent with the raw CSVs', async () => {
    const fake = await fakeCluster();
    const outcome = await clusterRun(fake, { durationSeconds: 5, historyWaitSeconds: 12 });
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.meta.notes));
    assert.deepEqual(fake.scaleCalls, [2], 'brought to report-001 minReplicas before the load');
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec, 'the cluster HPA is restored');
    const results = readResults(outcome.resultsDir);
    assert.equal(results.meta.target, 'kind');
    assert.equal(
      results.meta.cluster?.context,
      'kind-iris-lab',
      'the guard picked the lab context, not the current one',
    );
    // The Deployment fixture has MODEL_COST_MS=1 and no MAX_REQUESTS_PER_SOCKET or STARTUP_DELAY_MS: the run puts
    // lab/profiles.yaml's 2, 100 and the lab's conditions' 0 on it, waits for the new pods, records what runs, and puts the fixture's entries back afterwards.
    assert.equal(results.meta.modelCost.modelCostMs, 2);
    assert.match(
      results.meta.modelCost.source,
      /^set by lab\/profiles.yaml for this run \(profile ci-smoke\)/,
    );
    assert.ok(
      results.meta.notes?.some((n) =>
        /^Deployment iris ran with MODEL_COST_MS=2, MAX_REQUESTS_PER_SOCKET=100, STARTUP_DELAY_MS=0 for this run \(before: MODEL_COST_MS=1, MAX_REQUESTS_PER_SOCKET=unset, STARTUP_DELAY_MS=unset/.test(
          n,
        ),
      ),
      JSON.stringify(results.meta.notes),
    );
    assert.match(
      readFileSync(join(outcome.resultsDir, 'report.md'), 'utf8'),
      /Model cost 2 ms of CPU work per predicted row \(set by lab\/profiles.yaml for this run/,
    );
    assert.deepEqual(
      fake.deploymentPatches.map((p) => [p.contentType, p.body.spec.template.spec.containers[0].env]),
      [
        [
          SMP,
          [
            { name: 'MODEL_COST_MS', value: '2' },
            { name: 'MAX_REQUESTS_PER_SOCKET', value: '100' },
            { name: 'STARTUP_DELAY_MS', value: '0' },
          ],
        ],
        [
          SMP,
          [
            { name: 'MODEL_COST_MS', value: '1' },
            { name: 'MAX_REQUESTS_PER_SOCKET', $patch: 'delete' },
            { name: 'STARTUP_DELAY_MS', $patch: 'delete' },
          ],
        ],
      ],
    );
    assert.deepEqual(fake.env(), ORIGINAL_ENV, 'the Deployment env is restored after the run');
    assert.ok(
      fake.requests.indexOf('PATCH /apis/apps/v1/namespaces/iris-lab/deployments/iris') >
        fake.requests.indexOf('POST /apis/autoscaling/v2/namespaces/iris-lab/horizontalpodautoscalers'),
      'the env is set after the HPA variant is in place',
    );
    assert.equal(fake.swarmDuringRollout, false, 'the swarm starts once the rollout has finished');
    assert.ok(
      results.timeline[0].pods.every((p) => p.name.startsWith('iris-7c6b5d4f8-')),
      'the run measured the pods of the new ReplicaSet',
    );
    assert.deepEqual(results.meta.missing, []);

    const total = results.locust.stats.find((row) => row.name === 'Aggregated');
    assert.ok(total && total.requestCount > 20, `requests: ${total?.requestCount}`);
    assert.equal(total.failureCount, 0);
    const users = results.locust.history
      .filter((row) => row.name === 'Aggregated')
      .map((row) => row.userCount);
    assert.equal(Math.max(...users), 10, 'per-second history up to the end of the run (after the flush)');
    const maxDesired = Math.max(...results.timeline.map((s) => s.replicas.desired));
    assert.equal(maxDesired, 4);
    assert.ok(
      results.timeline.some((s) => s.pods.length === 4 && s.pods.every((p) => p.cpuMillicores !== null)),
    );
    assert.ok(
      results.timeline.some((s) => s.cpuUtilization.current === 95 && s.cpuUtilization.target === 60),
    );
    const scaleUp = results.events.find((e) => e.kind === 'scale-up');
    assert.deepEqual([scaleUp?.from, scaleUp?.to, scaleUp?.source], [2, 4, 'hpa']);
    assert.equal(results.events.filter((e) => e.kind === 'pod-ready').length, 2, 'the two new pods');
    assert.ok(
      results.decisions.some(
        (d) => d.desiredReplicas === 4 && d.steps.some((s) => /ScalingActive=True/.test(s)),
      ),
    );
    assert.equal(results.spans?.source, 'jaeger-query');
    assert.equal(results.spans?.requestRootSpans, 2);
    assert.ok(existsSync(join(outcome.resultsDir, 'report.md')));
    assert.deepEqual(checkReportConsistency(outcome.resultsDir), []);
    assert.equal((await new LocustMaster(fake.kubeConfig(), 'iris-lab').stats()).state, 'stopped');
  });

  it('a cluster without metrics API and Jaeger gives a report that says what is missing', async () => {
    const fake = await fakeCluster({ metricsApi: false, jaeger: false, collectorReady: false });
    const outcome = await clusterRun(fake, { durationSeconds: 3 });
    assert.equal(outcome.status, 'completed');
    const reasons = (part: string) =>
      outcome.meta.missing
        .filter((m) => m.part === part)
        .map((m) => m.reason)
        .join('; ');
    assert.match(reasons('metrics'), /no metrics API/);
    assert.match(reasons('traces'), /Jaeger unreachable/);
    assert.match(reasons('collector'), /no ready pod/);
    const report = readFileSync(join(outcome.resultsDir, 'report.md'), 'utf8');
    assert.match(report, /no metrics API/);
    assert.match(report, /Jaeger unreachable/);
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec);
    assert.deepEqual(fake.env(), ORIGINAL_ENV);
  });

  it('no patch, hence no rollout, when the Deployment already runs the wanted values (overrides included)', async () => {
    const fake = await fakeCluster({
      env: [
        { name: 'MODEL_COST_MS', value: '3' },
        { name: 'MAX_REQUESTS_PER_SOCKET', value: '0' },
        { name: 'STARTUP_DELAY_MS', value: '0' },
      ],
    });
    const outcome = await clusterRun(fake, {
      durationSeconds: 3,
      choices: { modelCostMs: 3, maxRequestsPerSocket: 0 },
    });
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.meta.notes));
    assert.deepEqual(fake.deploymentPatches, []);
    assert.equal(outcome.meta.modelCost.modelCostMs, 3);
    assert.match(outcome.meta.modelCost.source, /^set by --model-cost-ms for this run/);
    assert.ok(
      outcome.meta.notes?.includes(
        'Deployment iris already runs with MODEL_COST_MS=3, MAX_REQUESTS_PER_SOCKET=0, STARTUP_DELAY_MS=0: not patched',
      ),
    );
  });

  it('--conditions report-004: the run has its resources, readiness timing, start-up delay and HPA; all restored after', async () => {
    const fake = await fakeCluster();
    const original = fake.container();
    const outcome = await clusterRun(fake, { durationSeconds: 3, choices: { conditionsId: 'report-004' } });
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.meta.notes));
    assert.deepEqual(fake.scaleCalls, [1], 'brought to report-004 minReplicas before the load');
    const during = fake.containerAtSwarm!;
    assert.deepEqual(during.resources, {
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { cpu: '200m', memory: '512Mi' },
    });
    assert.deepEqual(during.readinessProbe, {
      ...original.readinessProbe,
      periodSeconds: 5,
      timeoutSeconds: 1,
      failureThreshold: 3,
    });
    assert.deepEqual(
      during.env.find((e: { name: string }) => e.name === 'STARTUP_DELAY_MS'),
      { name: 'STARTUP_DELAY_MS', value: '5000' },
    );
    assert.deepEqual(
      during.env.find((e: { name: string }) => e.name === 'MAX_REQUESTS_PER_SOCKET'),
      { name: 'MAX_REQUESTS_PER_SOCKET', value: '0' },
      "the report's server never closed a keep-alive connection",
    );
    assert.equal(outcome.meta.conditions?.maxRequestsPerSocket, 0);
    assert.equal(fake.deploymentPatches.length, 2, 'one patch for the run, one to restore');
    assert.deepEqual(fake.deploymentPatches[1].body.spec.template.spec.containers[0].resources, {
      requests: { cpu: '200m', memory: '384Mi' },
      limits: { cpu: '1' },
    });
    assert.deepEqual(fake.container(), original, 'the container is back as it was');
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec);
    assert.equal(outcome.meta.hpa.variant, 'report-004');
    assert.equal(outcome.meta.conditions?.id, 'report-004');
    assert.equal(outcome.meta.conditions?.clientTimeoutSeconds, 5);
    assert.match(
      readFileSync(join(outcome.resultsDir, 'report.md'), 'utf8'),
      /Conditions report-004 \(Report 004 .*\): pods request cpu 200m, memory 256Mi, limits cpu 200m, memory 512Mi; start-up delay 5 s; readinessProbe periodSeconds 5, timeoutSeconds 1, failureThreshold 3; client timeout 5 s; the service never closes a keep-alive connection \(clients stay on their pod\)\./,
    );
  });

  it('refuses conditions that time a probe the Deployment lacks, before changing anything', async () => {
    const fake = await fakeCluster();
    const noReadinessProbe = fake.container();
    delete noReadinessProbe.readinessProbe;
    fake.replaceContainer(noReadinessProbe);
    await assert.rejects(
      clusterRun(fake, { durationSeconds: 2, choices: { conditionsId: 'report-004' } }),
      /the conditions time the readinessProbe of Deployment iris, which has none/,
    );
    assert.deepEqual(
      fake.requests.filter((r) => !r.startsWith('GET ')),
      [],
      'nothing but reads',
    );
  });

  it('a rollout that does not finish fails the run and restores the env and the HPA', async () => {
    const fake = await fakeCluster({ rolloutReads: Infinity });
    const outcome = await clusterRun(fake, { durationSeconds: 2, stableTimeoutMs: 1000 });
    assert.equal(outcome.status, 'failed');
    assert.ok(
      outcome.meta.notes?.some((n) => /run failed: deployment iris not stable at 2 replicas/.test(n)),
    );
    assert.equal(fake.swarmStarted, false);
    assert.equal(fake.deploymentPatches.length, 2, 'set, then restored');
    assert.deepEqual(fake.env(), ORIGINAL_ENV);
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec);
  });

  it('Ctrl-C during the rollout restores the env and the HPA, and nothing is applied after', async () => {
    const fake = await fakeCluster({ rolloutReads: Infinity });
    const interrupted = new Promise<void>((resolve) => setTimeout(resolve, 1000));
    const started = Date.now();
    const outcome = await clusterRun(fake, { durationSeconds: 3, interrupted, stableTimeoutMs: 60_000 });
    assert.equal(outcome.status, 'interrupted');
    assert.ok(Date.now() - started < 30_000, 'the rollout wait gave up at the stop, not at its 60 s timeout');
    const requests = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(fake.requests.length, requests, 'the start gave up: no more API calls');
    assert.equal(fake.swarmStarted, false);
    assert.equal(fake.deploymentPatches.length, 2);
    assert.deepEqual(fake.env(), ORIGINAL_ENV);
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec);
  });

  it('Ctrl-C stops the swarm, keeps partial results and restores the HPA', async () => {
    const fake = await fakeCluster();
    // Ctrl-C once the master has counted requests of this swarm (not at a fixed time a busy machine may not have
    // started the swarm by); up to 60 s, after which the partial results below fail the test.
    let interruptedAt = 0;
    const interrupted = (async () => {
      const master = new LocustMaster(fake.kubeConfig(), 'iris-lab');
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        // A report saying running is of this swarm: the master's 2 s cache may still hold the last run's totals.
        const now = fake.swarmStarted ? await master.stats().catch(() => undefined) : undefined;
        if (now?.state === 'running' && now.totalRequests > 0) break;
      }
      interruptedAt = Date.now();
    })();
    const outcome = await clusterRun(fake, { durationSeconds: 120, interrupted });
    assert.equal(outcome.status, 'interrupted');
    assert.ok(Date.now() - interruptedAt < 30_000, 'did not wait for the planned 120 s');
    assert.ok(fake.locustStops >= 1, 'GET /stop sent to the master');
    assert.equal((await new LocustMaster(fake.kubeConfig(), 'iris-lab').stats()).state, 'stopped');
    const results = readResults(outcome.resultsDir);
    assert.ok(
      (results.locust.stats.find((r) => r.name === 'Aggregated')?.requestCount ?? 0) > 0,
      'partial CSVs kept',
    );
    assert.deepEqual(fake.hpa?.spec, fake.originalHpaSpec);
    assert.deepEqual(fake.env(), ORIGINAL_ENV, 'the Deployment env is restored after Ctrl-C');
  });

  // Locust's web UI caches GET /stats/requests for 2 s: a 1 s swarm is never seen running, only stopped.
  it('sees the end of a swarm shorter than the master stats cache, after an earlier run on the same master', async () => {
    const fake = await fakeCluster();
    const started = Date.now();
    const outcome = await clusterRun(fake, { durationSeconds: 1 });
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.meta.notes));
    assert.ok(Date.now() - started < 30_000, 'ended at the swarm end, not after the 600 s grace period');
    const total = readResults(outcome.resultsDir).locust.stats.find((r) => r.name === 'Aggregated');
    assert.ok((total?.requestCount ?? 0) > 0, 'the short run has its own requests');
  });

  it('refuses a cluster run on a context that is not the lab one before touching anything', async () => {
    const fake = await fakeCluster();
    await assert.rejects(
      createClusterRun({
        target: 'kind',
        profileId: 'ci-smoke',
        context: 'production',
        kubeConfig: fake.kubeConfig('production'),
      }),
      /refusing kube context "production"/,
    );
    assert.deepEqual(fake.requests, []);
  });
});

describe('Locust master adapter', () => {
  let upstream: Server;
  let fake: FakeKubeApi;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      if (req.url === '/stats/requests')
        return res.end(JSON.stringify(fixture('locust-stats-requests.json')));
      if (req.url === '/swarm') return res.end(JSON.stringify({ success: false, message: 'Invalid form' }));
      res.statusCode = 404;
      res.end('Error: Server was not started with option to generate full history.');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    fake = await FakeKubeApi.start({ locust: url });
  });
  afterAll(async () => {
    await fake.close();
    upstream.close();
  });

  it('reads live numbers from the 2.43 /stats/requests shape', async () => {
    const stats = await new LocustMaster(fake.kubeConfig(), 'iris-lab').stats();
    assert.deepEqual(stats, {
      state: 'running',
      userCount: 150,
      totalRps: 72.7,
      failPerSecond: 0.1,
      p50Ms: 11,
      p95Ms: 90,
      totalRequests: 4413,
      totalFailures: 3,
      failuresByClass: { 'http-503-unready': 3 },
      workers: 2,
    });
  });

  it('a refused swarm is an error with the master message', async () => {
    await assert.rejects(
      new LocustMaster(fake.kubeConfig(), 'iris-lab').swarm({ profileId: '150', conditionsId: 'lab' }),
      /refused the swarm: Invalid form/,
    );
  });

  it('the exit-handler stop reaches the master synchronously, with the kubeconfig credentials', async () => {
    const request = await prepareEmergencyRequest(fake.kubeConfig(), 'iris-lab');
    assert.ok(request);
    assert.equal((request.options.headers as Record<string, string>).Authorization, 'Bearer fake-token');
    const before = fake.locustStops;
    const { command, args } = emergencyStopCommand(request);
    const child = spawn(command, args, { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(fake.locustStops, before + 1);
  });

  it('keeps the header and the rows of this run from the master history', () => {
    const csv = 'Timestamp,User Count,Type\n1700000000,5,x\n1700000010,6,y\n1700000011,7,z\n';
    assert.equal(
      historySince(csv, 1700000010.4),
      'Timestamp,User Count,Type\n1700000010,6,y\n1700000011,7,z\n',
    );
    assert.equal(historySince('', 1), '');
  });
});
