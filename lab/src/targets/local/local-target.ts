// The embedded target: the Deployment's pods as processes of the built service, a kube-proxy-like Service, a
// metrics-server over /proc (or `ps`), the lab's HPA controller and an OTLP receiver — everything on this machine.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TcpBalancer, type BalancingMode } from './balancer/tcp-balancer';
import { startEmbeddedLoad } from '../../load/embedded-load';
import type { LoadRun } from '../../load/load-run';
import { startLocustLoad } from '../../load/locust-load';
import {
  describeLocustRuntime,
  locustRuntimeSource,
  resolveLocustRuntime,
  type LocustRuntime,
} from '../../load/locust-runtime';
import { resolveReplicaBounds } from '../../hpa/resolve-spec';
import { expandEnv } from '../../manifests/env-expansion';
import { ProcessMetricsServer } from './metrics/metrics-server';
import { ReplicaSet } from './pods/replica-set';
import { LimitEnforcer } from './limits/limit-enforcer';
import {
  describeProcessUsageSource,
  processUsageSource,
  type ProcessUsageSource,
} from '../../metrics/process-usage';
import type { Profile } from '../../profiles/profiles';
import type { PodObservation, SpanSummary } from '../../results/results.types';
import type { ResultsWriter } from '../../results/results-writer';
import { SpanAggregator } from '../../results/span-aggregator';
import { OtlpTraceReceiver } from '../../traces/otlp-receiver';
import { serviceDir, serviceEntry, serviceTelemetryRegister } from '../../manifests/repo-paths';
import type {
  FaultInjection,
  HelperProcess,
  Target,
  TargetDescription,
  TargetObservation,
  TargetRecorder,
} from '../../target-api/target';
import { LocalAutoscaler } from './local-autoscaler';
import { LostSpanTally } from './lost-span-tally';
import type { LocalWorkload } from '../../workload/local-workload';
import { podEventRecorder } from './pod-events';
import { LocalFaults } from './local-faults';
import { FAULT_KINDS, type Fault } from '../../faults/fault-spec';
import { FAULTS_ENABLED_ENV } from '../../faults/service-fault-request';

export interface LocalTargetOptions {
  workload: LocalWorkload;
  /** the profile's MODEL_COST_MS */
  modelCostMs: number;
  /** the service's MAX_REQUESTS_PER_SOCKET (0 = unlimited: keep-alive connections stay on their pod) */
  maxRequestsPerSocket: number;
  balancing: BalancingMode;
  load: 'embedded' | 'locust';
  /** `--load locust`: an image to run instead of the cluster's (--locust-image), Locust's web UI instead of headless */
  locust?: { image?: string; webUiPort?: number };
  /** pod logs go here */
  logDir: string;
  /** how long the minimum replicas may take to become ready; default 60 s after the pods' STARTUP_DELAY_MS */
  readyTimeoutSeconds?: number;
  /** enforce the pod template's resources.limits (CPU throttling, OOM kills); default true */
  enforceLimits?: boolean;
  /** where pod CPU and memory are read (metrics-server, limits); default: /proc, else `ps` (LAB_PROCESS_USAGE) */
  processUsage?: ProcessUsageSource;
  /** the pods' container; default: the built service (tests use a small stand-in) */
  container?: { command: string; args: string[]; cwd: string };
}

const builtService = () => ({
  command: process.execPath,
  args: ['--require', serviceTelemetryRegister, serviceEntry],
  cwd: serviceDir,
});

export function assertServiceBuilt(): void {
  if (!existsSync(serviceEntry) || !existsSync(serviceTelemetryRegister)) {
    throw new Error(`the service is not built (${serviceEntry} is missing): run \`npm run build\` first`);
  }
}

export class LocalTarget implements Target {
  readonly name = 'local' as const;
  /** every kind: the embedded pods always run the service's fault endpoint */
  readonly faultKinds = FAULT_KINDS;
  private readonly balancer: TcpBalancer;
  private readonly replicaSet: ReplicaSet;
  private readonly metricsServer: ProcessMetricsServer;
  private readonly limits: LimitEnforcer | undefined;
  private readonly processUsage: ProcessUsageSource;
  private autoscaler: LocalAutoscaler | undefined;
  private receiver: OtlpTraceReceiver | undefined;
  private readonly spans: SpanAggregator;
  private readonly lostSpans = new LostSpanTally();
  private serviceUrl: URL | undefined;
  private load: LoadRun | undefined;
  private locustRuntime: LocustRuntime | undefined;
  private recorder: TargetRecorder | undefined;
  private readonly faults: LocalFaults;
  private stopped = false;

  constructor(private readonly options: LocalTargetOptions) {
    this.balancer = new TcpBalancer(options.balancing);
    const { workload } = options;
    this.spans = new SpanAggregator('otlp-receiver (embedded lab)', samplingOf(workload.pod.env));
    // Before anything starts: a machine where no source works ends the run here, saying why.
    this.processUsage = options.processUsage ?? processUsageSource();
    mkdirSync(options.logDir, { recursive: true });
    const limits = workload.pod.limits ?? {};
    const limited = limits.cpuMillicores !== undefined || limits.memoryBytes !== undefined;
    this.limits =
      limited && options.enforceLimits !== false
        ? new LimitEnforcer({
            limits,
            usage: this.processUsage,
            warn: (message) => this.recorder?.note(message),
          })
        : undefined;
    this.replicaSet = new ReplicaSet({
      namePrefix: 'iris',
      spec: { ...workload.pod, ...(options.container ?? builtService()) },
      openLog: (pod) => createWriteStream(join(options.logDir, `${pod}.log`)),
      limits: this.limits,
    });
    this.faults = new LocalFaults({
      replicaSet: this.replicaSet,
      rollingUpdate: workload.rollingUpdate,
      collector: { stop: () => this.stopReceiver(), start: () => this.startReceiver() },
    });
    this.metricsServer = new ProcessMetricsServer(
      () => this.replicaSet.pods().map((pod) => ({ name: pod.name, pid: pod.snapshot().pid })),
      this.processUsage,
      workload.metricResolutionSeconds,
    );
  }

  describe(): TargetDescription {
    const { workload } = this.options;
    return { hpa: { variant: workload.hpaVariant, spec: workload.hpa }, podResources: workload.podResources };
  }

  async start(recorder: TargetRecorder): Promise<void> {
    if (!this.options.container) assertServiceBuilt();
    this.recorder = recorder;
    const { workload } = this.options;
    recorder.note(
      `Pod CPU and memory (metrics-server, limits) read from ${describeProcessUsageSource(this.processUsage)}.`,
    );
    recorder.note(
      this.limits?.describe() ??
        'Limits not enforced (--no-enforce-limits or none in the Deployment): a pod may use any CPU and memory.',
    );
    if (this.options.load === 'locust') {
      // Before any pod starts: a missing Locust ends the run with the message saying how to get one.
      const log = (message: string) => recorder.log(message);
      this.locustRuntime = await resolveLocustRuntime({ image: this.options.locust?.image, log });
      recorder.log(`load: ${describeLocustRuntime(this.locustRuntime)}`);
    }
    await this.startReceiver();
    this.replicaSet.setPodEnv(this.podEnv(this.receiver!.endpoint));
    const port = await this.balancer.listen();
    this.serviceUrl = new URL(`http://127.0.0.1:${port}`);
    const onPodEvent = podEventRecorder(recorder);
    this.replicaSet.on('pod-changed', (status) => {
      this.balancer.setEndpoints(
        this.replicaSet.readyPods().map((pod) => ({ name: pod.name, port: pod.port })),
      );
      onPodEvent(status);
      // A deleted pod still serves during its grace period: read its span counters before it is gone.
      if (status.terminating && status.exitedAt === undefined && !this.stopped)
        void this.lostSpans.read([status]);
    });
    const minReplicas = resolveReplicaBounds(workload.hpa).minReplicas;
    recorder.log(`starting ${minReplicas} pods of the built service; Service on ${this.serviceUrl.host}`);
    await this.replicaSet.scale(minReplicas);
    const startupDelaySeconds = Number(workload.pod.env.STARTUP_DELAY_MS ?? 0) / 1000;
    await this.waitForReady(minReplicas, this.options.readyTimeoutSeconds ?? 60 + startupDelaySeconds);
    if (this.stopped) return;
    this.metricsServer.start();
    this.autoscaler = new LocalAutoscaler(
      workload.hpa,
      workload.pod.requests,
      {
        pods: () => this.replicaSet.allPodStatuses().filter((s) => !s.exitedAt || !s.terminating),
        metrics: () => this.metricsServer.podMetrics(),
        currentReplicas: () => this.replicaSet.desiredReplicas,
        scale: (replicas) => void this.replicaSet.scale(replicas),
      },
      recorder,
      workload.metricResolutionSeconds,
    );
    this.autoscaler.start();
  }

  startLoad(profile: Profile, results: ResultsWriter): LoadRun {
    if (!this.serviceUrl) throw new Error('start the target before the load');
    if (!this.locustRuntime) {
      this.load = startEmbeddedLoad(profile, this.serviceUrl, results);
      return this.load;
    }
    const runtime = this.locustRuntime;
    results.describeLoad({
      kind: 'locust',
      ...(runtime.version && { version: runtime.version }),
      runtime: locustRuntimeSource(runtime),
    });
    const webUiPort = this.options.locust?.webUiPort;
    this.load = startLocustLoad(profile, this.serviceUrl, results, {
      runtime,
      runId: results.runId,
      webUiPort,
    });
    if (webUiPort !== undefined) void this.announceWebUi(webUiPort);
    return this.load;
  }

  async observe(): Promise<TargetObservation> {
    const metrics = new Map(this.metricsServer.podMetrics().map((m) => [m.pod, m]));
    const statuses = this.replicaSet.allPodStatuses().filter((s) => !(s.terminating && s.exitedAt));
    const pods: PodObservation[] = statuses.map((s) => ({
      name: s.name,
      phase: s.terminating ? 'Terminating' : s.phase,
      ready: s.ready && !s.terminating,
      startedAt: s.startedAt ? new Date(s.startedAt).toISOString() : undefined,
      readyAt: s.readyAt ? new Date(s.readyAt).toISOString() : undefined,
      cpuMillicores: metrics.get(s.name)?.cpuMillicores ?? null,
      memoryBytes: metrics.get(s.name)?.memoryBytes ?? null,
      ...(s.cpuCfs && {
        cpuCfsPeriods: s.cpuCfs.periods,
        cpuCfsThrottledPeriods: s.cpuCfs.throttledPeriods,
        cpuCfsThrottledSeconds: s.cpuCfs.throttledSeconds,
      }),
    }));
    const hpaMetrics = this.autoscaler?.currentMetrics() ?? [];
    const cpu = hpaMetrics.find((m) => m.name === 'cpu');
    return {
      replicas: {
        desired: this.replicaSet.desiredReplicas,
        current: this.replicaSet.pods().length,
        ready: this.replicaSet.readyPods().length,
      },
      cpuUtilization: { current: cpu?.currentUtilization ?? null, target: cpu?.targetUtilization ?? null },
      hpaMetrics,
      pods,
    };
  }

  injectFault(fault: Fault): Promise<FaultInjection> {
    if (!this.autoscaler) return Promise.reject(new Error('the embedded lab has not started yet'));
    return this.faults.inject(fault);
  }

  helperProcesses(): HelperProcess[] {
    return [
      { name: `load generator (${this.options.load})`, pid: this.load?.pid, loadGenerator: true },
      { name: 'lab (balancer, HPA, metrics)', pid: process.pid },
    ];
  }

  async spanSummary(): Promise<SpanSummary | undefined> {
    return this.spans.summary();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.autoscaler?.stop();
    this.metricsServer.stop();
    await this.load?.stop();
    this.recorder?.note(this.connectionSpreadNote());
    await this.countLostSpans();
    await this.replicaSet.stop();
    this.limits?.close();
    await this.balancer.close();
    await this.receiver?.close();
  }

  killNow(): void {
    this.replicaSet.killAll();
    this.load?.killNow?.();
  }

  /** The OTLP receiver, on the port the pods were given (the same one again after a collector-down fault). */
  private async startReceiver(): Promise<void> {
    if (this.stopped) return;
    this.receiver = await OtlpTraceReceiver.start({ retainSpans: false, port: this.receiver?.port });
    this.receiver.onSpans((spans) => this.spans.addAll(spans));
  }

  private async stopReceiver(): Promise<void> {
    await this.receiver?.close();
  }

  /** Prints the web UI's address once it answers (the swarm waits for the user's Start there). */
  private async announceWebUi(port: number): Promise<void> {
    const url = `http://127.0.0.1:${port}`;
    for (let waited = 0; waited < 60_000 && !this.stopped; waited += 500) {
      const answered = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) {
        this.recorder?.log(
          `Locust's web UI: ${url} (start the swarm there; Ctrl-C ends the session and writes the report)`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!this.stopped) this.recorder?.log(`Locust's web UI did not answer on ${url} within 60 s`);
  }

  /** Spans lost in the pods (their /metrics counters), read before the pods stop, for the report's span section. */
  private async countLostSpans(): Promise<void> {
    await this.lostSpans.read(this.replicaSet.pods().map((pod) => ({ name: pod.name, port: pod.port })));
    const totals = await this.lostSpans.totals();
    if (totals.podsRead === 0) {
      this.recorder?.missing(
        'dropped spans',
        `no pod's span counters could be read: ${totals.unread.join(', ')}`,
      );
      return;
    }
    this.spans.noteDropped(totals.lost);
    if (totals.unread.length > 0) {
      this.recorder?.note(
        `Dropped spans count ${totals.podsRead} pods only (a lower bound): no counters from ${totals.unread.join(', ')}.`,
      );
    }
  }

  /** What the report needs to explain connection-level balancing: how many connections each pod got. */
  private connectionSpreadNote(): string {
    const { balancing, maxRequestsPerSocket } = this.options;
    const perPod = Object.entries(this.balancer.connectionCounts())
      .map(([pod, counts]) => `${pod} ${counts.connections}`)
      .join(', ');
    const fix = maxRequestsPerSocket
      ? `the service closed each connection after ${maxRequestsPerSocket} requests, so users re-spread over new pods`
      : 'pods added by a scale-up only get users that open new connections (try --max-requests-per-socket 100)';
    return (
      `Service: ${balancing} per new TCP connection, like kube-proxy; connections per pod: ${perPod || 'none'}. ` +
      `Keep-alive connections stay on their pod: ${fix}.`
    );
  }

  /** The manifest's env with the lab's values: the profile's model cost, the lab's receiver, the pod's name, faults. */
  private podEnv(otlpEndpoint: string): (podName: string) => Record<string, string> {
    const { workload, modelCostMs, maxRequestsPerSocket } = this.options;
    return (podName) =>
      expandEnv({
        ...workload.pod.env,
        POD_NAME: podName,
        POD_NAMESPACE: 'iris-lab',
        NODE_NAME: 'localhost',
        MODEL_COST_MS: String(modelCostMs),
        MAX_REQUESTS_PER_SOCKET: String(maxRequestsPerSocket),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        // Loopback-only pods of a lab: the fault endpoint is always there, so `lab fault` can reach a running lab.
        [FAULTS_ENABLED_ENV]: 'true',
      });
  }

  private async waitForReady(replicas: number, timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    while (this.replicaSet.readyPods().length < replicas && !this.stopped) {
      if (Date.now() > deadline) {
        throw new Error(
          `${replicas} pods not ready after ${timeoutSeconds} s: see the pod logs in ${this.options.logDir}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The pods' head sampling as set in the Deployment's env, e.g. `parentbased_traceidratio 0.1`. */
function samplingOf(env: Record<string, string>): string {
  const sampler = env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on';
  return env.OTEL_TRACES_SAMPLER_ARG ? `${sampler} ${env.OTEL_TRACES_SAMPLER_ARG}` : sampler;
}
