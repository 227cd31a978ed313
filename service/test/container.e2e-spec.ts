// The service image, built from service/Dockerfile and run under testcontainers the way Kubernetes runs
// Deployment `iris` (constraints read from k8s/base/deployment.yaml): it starts as the manifest's non-root user
// on a read-only root filesystem, answers its probes, predictions and errors through the mapped port, exports
// spans to an OTLP receiver on the host, and drains on `docker stop`. Without a Docker engine the suite skips
// and says why, except with CI=true, where it fails. Ryuk is disabled (offline); afterAll() removes the container.
// The image tag is kept between runs: its layers are the build cache.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { loadDeploymentManifest } from '@iris-lab/lab';
import { OtlpTraceReceiver, TcpBalancer } from '@iris-lab/lab/testing';
import { findRepoRoot } from '../src/contracts/repo-root';
import { SERVICE_NAME, SPAN_NAMES } from '../src/contracts/telemetry-names';
import {
  GenericContainer,
  getContainerRuntimeClient,
  Network,
  type ContainerRuntimeClient,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { detectDocker } from './support/container/docker-availability';
import { readStages } from './support/container/dockerfile-instructions';
import { PodLikeContainer } from './support/container/pod-like-container';
import { loadPodSecurity } from './support/container/pod-security';
import { DrainWitness } from './support/drain-witness';
import { send } from './support/http-client';
import { expectedPredictions, SETOSA, withoutTiming } from './support/reference-model';

const REPO_ROOT = findRepoRoot(__dirname);
const IMAGE = 'iris-service:container-test';
const POD = {
  'metadata.name': 'iris-container-test',
  'metadata.namespace': 'iris-lab',
  'spec.nodeName': 'docker',
};
// The lab's documented model-cost knob: each prediction burns CPU, so the drain test's burst meets SIGTERM busy.
const MODEL_COST_MS = '2';
const IN_FLIGHT = 200;
const RUN_LABEL = 'org.iris-lab.container-test';
const RUN_ID = randomBytes(8).toString('hex');

const deployment = loadDeploymentManifest(REPO_ROOT);
const security = loadPodSecurity(REPO_ROOT);
const httpPort = deployment.ports[0].containerPort;

// fetch's json() builds its objects in Node's own realm, which deepStrictEqual tells apart from the test's
// literals under Jest: parse the text here instead.
const jsonBody = async (response: Response): Promise<unknown> => JSON.parse(await response.text());

// The first build on a machine runs npm ci and the bundler inside the image: minutes on 2 busy cores.
const IMAGE_BUILD_TIMEOUT_MS = 15 * 60_000;

const docker = detectDocker();
const skipReason = !docker.available && !docker.mustRun ? ` (skipped: ${docker.reason})` : '';

if (!docker.available && docker.mustRun) {
  describe('service container (testcontainers)', () => {
    it('needs a Docker engine in CI (CI=true)', () => assert.fail(docker.reason));
  });
}

(docker.available ? describe : describe.skip)(`service container (testcontainers)${skipReason}`, () => {
  let client: ContainerRuntimeClient;
  let container: PodLikeContainer;
  let started: StartedTestContainer;
  let receiver: OtlpTraceReceiver;
  let relay: TcpBalancer;
  let network: StartedNetwork;
  let baseUrl: string;

  beforeAll(async () => {
    client = await getContainerRuntimeClient();
    const buildStart = Date.now();
    const image = await buildImage(client);
    const buildSeconds = (Date.now() - buildStart) / 1000;

    // The receiver listens on loopback; the container reaches it through a relay bound to the gateway address
    // of a network made for this test (the host's side of it), named host.docker.internal inside.
    receiver = await OtlpTraceReceiver.start();
    network = await new Network().start();
    const hostAddress = await gatewayOf(client, network);
    relay = new TcpBalancer();
    relay.setEndpoints([{ name: 'otlp-receiver', port: receiver.port }]);
    const relayPort = await relay.listen(0, hostAddress);

    container = new PodLikeContainer(IMAGE, deployment, security)
      .withPodEnvironment(POD, {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://host.docker.internal:${relayPort}`,
        MODEL_COST_MS,
      })
      .withNetwork(network)
      .withExtraHosts([{ host: 'host.docker.internal', ipAddress: hostAddress }])
      .withLabels({ [RUN_LABEL]: RUN_ID });
    started = await container.start();
    baseUrl = `http://${started.getHost()}:${started.getMappedPort(httpPort)}`;

    const startedAt = Date.parse((await inspect(client, started)).State.StartedAt);
    console.log(
      `# container: image ${IMAGE} ${(image.Size / 2 ** 20).toFixed(0)} MiB (base ${image.base}), ` +
        `built in ${buildSeconds.toFixed(1)} s; ready ${container.readiness.readyAt! - startedAt} ms after start`,
    );
  }, IMAGE_BUILD_TIMEOUT_MS);

  afterAll(async () => {
    // Forced, by this run's label: also a container that failed to start, or the stopped one the drain test keeps.
    for (const { Id } of await runContainers(client)) {
      await client.container.dockerode.getContainer(Id).remove({ force: true });
    }
    await relay?.close();
    await receiver?.close();
    await network?.stop();
  });

  it('is started with the Deployment constraints', async () => {
    const { HostConfig, Config } = await inspect(client, started);

    assert.equal(Config.User, `${security.runAsUser}:${security.runAsGroup}`);
    assert.equal(HostConfig.ReadonlyRootfs, security.readOnlyRootFilesystem);
    assert.equal(HostConfig.Memory, deployment.resources.limits.memoryBytes);
    assert.equal(HostConfig.NanoCpus, deployment.resources.limits.cpuMillicores! * 1_000_000);
    assert.deepEqual(HostConfig.CapDrop, security.capabilitiesDrop);
    assert.ok(HostConfig.SecurityOpt?.includes('no-new-privileges'));
    assert.deepEqual(
      Object.keys(HostConfig.Tmpfs ?? {}),
      security.emptyDirMounts.map((m) => m.mountPath),
    );
  });

  it("the image's own user is the Deployment's numeric non-root user", async () => {
    const { Config } = await client.container.dockerode.getImage(IMAGE).inspect();

    assert.equal(Config.User, `${security.runAsUser}:${security.runAsGroup}`);
    assert.notEqual(security.runAsUser, 0);
  });

  it('node is PID 1 (exec-form entrypoint), unprivileged: uid/gid, no capabilities, no new privileges', async () => {
    const cmdline = await exec(started, ['cat', '/proc/1/cmdline']);
    const status = await exec(started, ['cat', '/proc/1/status']);
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1].split(/\s+/);

    assert.deepEqual(cmdline.split('\0').filter(Boolean), [
      'node',
      '--require',
      './dist/src/bundle/register.js',
      'dist/src/bundle/main.js',
    ]);
    assert.deepEqual(field('Uid'), Array(4).fill(String(security.runAsUser)));
    assert.deepEqual(field('Gid'), Array(4).fill(String(security.runAsGroup)));
    assert.deepEqual(field('CapEff'), ['0000000000000000']);
    assert.deepEqual(field('NoNewPrivs'), ['1']);
  });

  it('the root filesystem is read-only, even for root; the emptyDir mounts are writable', async () => {
    // As root: without CAP_DAC_OVERRIDE it still owns /, so only the read-only mount can refuse the write.
    const rootWrite = await started.exec(['touch', '/written-by-test'], { user: '0' });
    assert.notEqual(rootWrite.exitCode, 0);
    assert.match(rootWrite.output, /Read-only file system/);
    for (const { mountPath } of security.emptyDirMounts) {
      assert.equal((await started.exec(['touch', `${mountPath}/written-by-test`])).exitCode, 0, mountPath);
    }
  });

  it("answers the Deployment's startup, readiness and liveness probes", async () => {
    for (const probe of Object.values(deployment.probes)) {
      const response = await fetch(
        `http://${started.getHost()}:${started.getMappedPort(probe.port)}${probe.path}`,
      );
      assert.equal(response.status, 200, `${probe.kind} probe ${probe.path}`);
    }
  });

  it('predicts, serves v2 inference and rejects malformed input through the mapped port', async () => {
    const predict = await postJson('/predict', JSON.stringify(SETOSA));
    const infer = await postJson(
      '/v2/models/iris/infer',
      JSON.stringify({
        inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: Object.values(SETOSA) }],
      }),
    );
    const malformed = await postJson('/predict', '{"sepal_length": 5.1,');

    assert.equal(predict.status, 200);
    assert.deepEqual(
      withoutTiming((await jsonBody(predict)) as { inference_ms?: unknown }),
      (await expectedPredictions([SETOSA]))[0],
    );
    assert.equal(infer.status, 200);
    const outputs = ((await jsonBody(infer)) as { outputs: { name: string; data: number[] }[] }).outputs;
    assert.deepEqual(outputs.find((output) => output.name === 'label')?.data, [0]);
    assert.equal(malformed.status, 400);
    const rejection = (await jsonBody(malformed)) as {
      statusCode: number;
      violations: { field: string; rule: string }[];
    };
    assert.deepEqual(
      [rejection.statusCode, rejection.violations[0]],
      [400, { ...rejection.violations[0], field: 'body', rule: 'json' }],
    );
  });

  it('exports spans over OTLP/gRPC to a receiver outside the container', async () => {
    // A sampled parent: the manifest's parentbased_traceidratio sampler then keeps this trace for sure.
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    assert.equal((await postJson('/predict', JSON.stringify(SETOSA), { traceparent })).status, 200);

    const spans = await receiver.waitForSpans(
      (all) => all.some((span) => span.traceId === traceId && span.name === SPAN_NAMES.predictionRequest),
      15_000,
    );
    const trace = spans.filter((span) => span.traceId === traceId);
    assert.ok(
      trace.some((span) => span.kind === 'SERVER'),
      'an HTTP server span',
    );
    assert.equal(trace[0].resource['service.name'], SERVICE_NAME);
    assert.equal(
      trace[0].resource['k8s.pod.name'],
      POD['metadata.name'],
      'OTEL_RESOURCE_ATTRIBUTES with $(POD_NAME)',
    );
  });

  // Last: it stops the container.
  it('drains on docker stop: in-flight requests succeed, readiness turns 503, exit 0 within the grace period', async () => {
    // What is left of terminationGracePeriodSeconds after the preStop sleep (docker has no preStop hook).
    const stopBudgetSeconds =
      deployment.terminationGracePeriodSeconds - (deployment.preStopSleepSeconds ?? 0);
    // One connection per request: every request is on the wire, none waits in a client-side queue.
    const burst = Array.from({ length: IN_FLIGHT }, () => send(`${baseUrl}/predict`, { body: SETOSA }));
    const witness = await DrainWitness.hold(baseUrl);

    const stopIssuedAt = Date.now();
    const stopped = started.stop({ timeout: stopBudgetSeconds * 1000, remove: false }); // ms
    const notReady = await turnsNotReady(`${baseUrl}${deployment.probes.readiness!.path}`);
    await witness.finishPastNotReady();
    await witness.finishPastClose(stopBudgetSeconds * 1000);
    const burstResults = await Promise.all(burst.map((request) => request.then((r) => r.status, String)));
    await stopped;
    const stopSeconds = (Date.now() - stopIssuedAt) / 1000;
    const { State } = await client.container.dockerode.getContainer(started.getId()).inspect();
    console.log(`# container: docker stop took ${stopSeconds.toFixed(1)} s (budget ${stopBudgetSeconds} s)`);

    assert.ok(notReady, 'readiness never answered 503 after SIGTERM');
    witness.assertBothServed();
    assert.deepEqual(burstResults, Array(IN_FLIGHT).fill(200));
    assert.deepEqual(
      { exitCode: State.ExitCode, oomKilled: State.OOMKilled },
      { exitCode: 0, oomKilled: false },
    );
    assert.ok(
      stopSeconds < stopBudgetSeconds,
      `docker stop took ${stopSeconds} s, budget ${stopBudgetSeconds} s`,
    );
  });

  function postJson(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
});

/** Builds service/Dockerfile (context: the repository root) and returns the image's size and base. */
async function buildImage(client: ContainerRuntimeClient): Promise<{ Size: number; base: string }> {
  const dockerode = client.container.dockerode;
  // testcontainers does not report a failed build when the tag already exists; untag first (noprune keeps the
  // layers as build cache), so a failed build cannot silently test the previous image. force: a stopped container
  // left by an interrupted earlier run may still use it; only the tag goes, that container keeps its image.
  const previous = await dockerode
    .getImage(IMAGE)
    .inspect()
    .catch(() => undefined);
  if (previous) await dockerode.getImage(IMAGE).remove({ force: true, noprune: true });
  await GenericContainer.fromDockerfile(REPO_ROOT, 'service/Dockerfile')
    .build(IMAGE, { deleteOnExit: false })
    .catch((error: Error) => {
      // testcontainers keeps the build output to itself (DEBUG=testcontainers:build shows it).
      throw new Error(
        `building service/Dockerfile failed (${error.message}); see why with ` +
          '`DOCKER_BUILDKIT=0 docker build -f service/Dockerfile .` at the repository root. Offline, the base ' +
          'image must exist first: scripts/container/ensure-base-image.sh',
      );
    });
  const image = await dockerode.getImage(IMAGE).inspect();
  // The previous build, now untagged, is no longer needed; layers the new image shares stay (they are its parents).
  if (previous && previous.Id !== image.Id)
    await dockerode
      .getImage(previous.Id)
      .remove()
      .catch(() => undefined);
  const baseName = readStages(resolve(REPO_ROOT, 'service/Dockerfile'))[0].image;
  const baseLabels = (await dockerode.getImage(baseName).inspect()).Config.Labels ?? {};
  const base = baseLabels['org.iris-lab.standin'] === 'true' ? `${baseName}, OFFLINE STAND-IN` : baseName;
  return { Size: image.Size, base };
}

/** The host's address on a docker network: its gateway. */
async function gatewayOf(client: ContainerRuntimeClient, network: StartedNetwork): Promise<string> {
  const { IPAM } = await client.container.dockerode.getNetwork(network.getId()).inspect();
  const gateway = (IPAM?.Config as { Gateway?: string }[] | undefined)?.find((c) => c.Gateway)?.Gateway;
  if (!gateway) throw new Error(`docker network ${network.getName()} has no gateway address`);
  return gateway;
}

function runContainers(client: ContainerRuntimeClient) {
  return client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${RUN_LABEL}=${RUN_ID}`] },
  });
}

function inspect(client: ContainerRuntimeClient, container: StartedTestContainer) {
  return client.container.dockerode.getContainer(container.getId()).inspect();
}

async function exec(container: StartedTestContainer, command: string[]): Promise<string> {
  const result = await container.exec(command);
  assert.equal(result.exitCode, 0, `${command.join(' ')}: ${result.output}`);
  return result.stdout;
}

/** The status (or the connection error) of a request, and when it ended. */
/** Polls readiness on fresh connections until it answers 503; false if it never does before the exit. */
async function turnsNotReady(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await send(url)).status === 503) return true;
    } catch {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
