// The kind and GKE targets: the runner's Target over a real cluster. The workload is the iris Deployment and its
// HPA in namespace iris-lab; the load is the in-cluster Locust; metrics come from the metrics API, traces from
// Jaeger. A part the cluster lacks (metrics API, collector, Jaeger, Locust history) becomes a `missing` note.
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
  type KubeConfig,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { LoadRun } from '../../load/load-run';
import type { HpaManifest } from '../../manifests';
import type { Profile } from '../../profiles/profiles';
import type { PodSample, RunTarget } from '../../results/results.types';
import type { ResultsWriter } from '../../results/results-writer';
import type { Target, TargetDescription, TargetObservation, TargetRecorder } from '../../target-api/target';
import { describeFailure, MissingPartError, statusOf } from './cluster-errors';
import { startClusterLoad } from './cluster-load';
import { emergencyStopCommand, prepareEmergencyRequest, type EmergencyRequest } from './emergency-stop';
import { readHpaStatus, type HpaStatus } from './hpa-status';
import { JaegerQuery } from './jaeger-traces';
import { LocustMaster } from './locust-master';
import { readPodUsage } from './pod-metrics';
import { listIrisPods } from './pods';
import { ScaleEventWatch } from './scale-events';
import {
  applyServiceEnv,
  assertPlainValues,
  describeServiceEnv,
  hasServiceEnv,
  restoreServiceEnv,
  serviceEnvOf,
  type SavedServiceEnv,
  type ServiceEnv,
} from './service-env';
import {
  createHpa,
  DEFAULT_STABLE,
  deleteHpa,
  IRIS,
  restoreHpa,
  saveHpa,
  scaleDeployment,
  waitUntilStable,
  type StableOptions,
} from './workload';
import { spawnSync } from 'node:child_process';

export interface ClusterTargetOptions {
  name: Extract<RunTarget, 'kind' | 'gke'>;
  kubeConfig: KubeConfig;
  namespace: string;
  hpa: HpaManifest;
  /** MODEL_COST_MS and MAX_REQUESTS_PER_SOCKET the iris container runs with during the run (restored after) */
  serviceEnv: ServiceEnv;
  podResources?: TargetDescription['podResources'];
  stable?: StableOptions;
  /** Locust master polling period */
  loadPollMs?: number;
  /** see ClusterLoadOptions.historyWaitSeconds (default 12) */
  historyWaitSeconds?: number;
  /** most traces read back from Jaeger */
  traceLimit?: number;
  serviceName?: string;
}

export class ClusterTarget implements Target {
  readonly name: ClusterTargetOptions['name'];
  private readonly apps: AppsV1Api;
  private readonly autoscaling: AutoscalingV2Api;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly master: LocustMaster;
  private recorder?: TargetRecorder;
  private savedHpa?: V2HorizontalPodAutoscaler;
  private hpaApplied = false;
  /** the iris container's entries before the run, kept while the run's values are on the Deployment */
  private savedEnv?: SavedServiceEnv;
  private starting?: Promise<void>;
  private stopping = false;
  private events?: ScaleEventWatch;
  private load?: LoadRun & { startedAt: Date };
  private loadEndedAt?: Date;
  private readonly missingNoted = new Set<string>();
  private readonly readyPods = new Set<string>();
  private lastDecision = '';
  private emergency?: EmergencyRequest;

  constructor(private readonly options: ClusterTargetOptions) {
    this.name = options.name;
    const kc = options.kubeConfig;
    this.apps = kc.makeApiClient(AppsV1Api);
    this.autoscaling = kc.makeApiClient(AutoscalingV2Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.master = new LocustMaster(kc, options.namespace);
  }

  describe(): TargetDescription {
    const { hpa, kubeConfig, namespace, podResources } = this.options;
    return {
      hpa: { variant: hpa.variant, spec: hpa.spec },
      ...(podResources ? { podResources } : {}),
      cluster: { context: kubeConfig.getCurrentContext(), namespace },
    };
  }

  start(recorder: TargetRecorder): Promise<void> {
    this.starting = this.prepare(recorder);
    return this.starting;
  }

  /** Every step checks for a stop first: a Ctrl-C while preparing must not apply anything after the restore. */
  private async prepare(recorder: TargetRecorder): Promise<void> {
    this.recorder = recorder;
    const { namespace, hpa } = this.options;
    const version = await this.options.kubeConfig
      .makeApiClient(VersionApi)
      .getCode()
      .catch((error: unknown) => {
        throw new Error(
          `cannot reach the API server of context ${this.options.kubeConfig.getCurrentContext()}: ${describeFailure(error)}`,
        );
      });
    recorder.note(
      `cluster ${this.options.kubeConfig.getCurrentContext()}, Kubernetes ${version.gitVersion}, namespace ${namespace}`,
    );
    await this.master.stats().catch((error: unknown) => {
      throw new Error(
        `the Locust master (Service locust, port web) does not answer through the API server: ${describeFailure(error)}; is the lab deployed (make lab-up)?`,
      );
    });
    await this.checkCollector();
    this.emergency = await prepareEmergencyRequest(this.options.kubeConfig, namespace);

    const minReplicas = hpa.spec.minReplicas ?? 1;
    this.throwIfStopping();
    this.savedHpa = await saveHpa(this.autoscaling, namespace);
    this.hpaApplied = true;
    await deleteHpa(this.autoscaling, namespace);
    recorder.log(`bringing deployment ${IRIS} to ${minReplicas} replicas (HPA ${hpa.variant} applied after)`);
    await scaleDeployment(this.apps, namespace, minReplicas);
    await this.waitForStable(minReplicas, 'waiting for a stable deployment');
    this.throwIfStopping();
    await createHpa(this.autoscaling, namespace, hpa.spec, {
      'app.kubernetes.io/part-of': 'iris-scaling-lab',
    });
    recorder.note(
      `HPA ${hpa.variant} (${hpa.files.join(' + ')}) applied for the run; the cluster's HPA is restored afterwards`,
    );
    await this.setServiceEnv(minReplicas);
    for (const pod of await listIrisPods(this.core, namespace)) if (pod.ready) this.readyPods.add(pod.name);
    this.events = new ScaleEventWatch(this.core, namespace, new Date(), minReplicas);
  }

  startLoad(profile: Profile, results: ResultsWriter): LoadRun {
    this.load = startClusterLoad(this.master, profile, results, {
      pollMs: this.options.loadPollMs ?? 1000,
      graceSeconds: 600,
      historyWaitSeconds: this.options.historyWaitSeconds ?? 12,
      onMissingHistory: (reason) => this.missing('locust-history', reason),
    });
    void this.load.finished.finally(() => (this.loadEndedAt = new Date())).catch(() => undefined);
    return this.load;
  }

  async observe(): Promise<TargetObservation> {
    const { namespace } = this.options;
    const [hpa, pods, usage] = await Promise.all([
      readHpaStatus(this.autoscaling, namespace, IRIS).catch((error: unknown) => this.absent('hpa', error)),
      listIrisPods(this.core, namespace),
      this.missingNoted.has('metrics')
        ? undefined
        : readPodUsage(this.custom, namespace).catch((error: unknown) => this.absent('metrics', error)),
    ]);
    const samples: PodSample[] = pods.map((pod) => ({
      ...pod,
      cpuMillicores: usage?.get(pod.name)?.cpuMillicores ?? null,
      memoryBytes: usage?.get(pod.name)?.memoryBytes ?? null,
    }));
    this.recordPodReadiness(samples);
    await this.recordEvents();
    if (hpa) this.recordDecision(hpa);
    const cpu = hpa?.metrics.find((m) => m.name === 'cpu');
    const ready = samples.filter((p) => p.ready).length;
    return {
      replicas: {
        desired: hpa?.desiredReplicas ?? samples.length,
        current: hpa?.currentReplicas ?? samples.filter((p) => p.phase !== 'Terminating').length,
        ready,
      },
      cpuUtilization: { current: cpu?.currentUtilization ?? null, target: cpu?.targetUtilization ?? null },
      hpaMetrics: hpa?.metrics ?? [],
      pods: samples,
    };
  }

  helperProcesses(): Array<{ name: string; pid: number | undefined }> {
    return [];
  }

  async spanSummary() {
    const start = this.load?.startedAt;
    if (!start) return undefined;
    const query = new JaegerQuery(this.options.kubeConfig, this.options.namespace);
    const end = this.loadEndedAt ?? new Date();
    try {
      return await query.summary({
        service: this.options.serviceName ?? 'iris-service',
        start,
        end,
        limit: this.options.traceLimit ?? 2000,
      });
    } catch (error) {
      this.absent('traces', this.name === 'gke' ? onGke(error, start, end) : error);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // A start still preparing gives up at its next step; restoring before it did could be undone by that step.
    await this.starting?.catch(() => undefined);
    const problems: string[] = [];
    await this.load
      ?.stop()
      .catch((error: unknown) => problems.push(`stopping the swarm: ${describeFailure(error)}`));
    if (this.savedEnv) {
      const saved = this.savedEnv;
      await restoreServiceEnv(this.apps, this.options.namespace, saved)
        .then(() => {
          this.savedEnv = undefined;
          this.recorder?.log(`Deployment ${IRIS} restored to ${describeServiceEnv(saved)}`);
        })
        .catch((error: unknown) =>
          problems.push(
            `restoring ${describeServiceEnv(saved)} on Deployment ${IRIS}: ${describeFailure(error)}`,
          ),
        );
    }
    if (this.hpaApplied) {
      await restoreHpa(this.autoscaling, this.options.namespace, this.savedHpa)
        .then(() => (this.hpaApplied = false))
        .catch((error: unknown) => problems.push(`restoring the HPA: ${describeFailure(error)}`));
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
  }

  /**
   * From an exit handler: stops the swarm synchronously. The HPA and the run's service env are left as applied
   * (`kubectl -n iris-lab rollout undo deployment/iris` puts the previous env back).
   */
  killNow(): void {
    if (!this.emergency || !this.load) return;
    const { command, args } = emergencyStopCommand(this.emergency);
    spawnSync(command, args, { stdio: 'ignore', timeout: 5000 });
  }

  /**
   * Puts the run's MODEL_COST_MS and MAX_REQUESTS_PER_SOCKET on the iris container (no patch, hence no rollout,
   * when it already has them), waits for the new pods, and records the values read back from the Deployment.
   */
  private async setServiceEnv(replicas: number): Promise<void> {
    const { namespace, serviceEnv } = this.options;
    this.throwIfStopping();
    const before = serviceEnvOf(await this.apps.readNamespacedDeployment({ name: IRIS, namespace }));
    if (hasServiceEnv(before, serviceEnv)) {
      this.recorder?.note(`Deployment ${IRIS} already runs with ${describeServiceEnv(before)}: not patched`);
      return;
    }
    assertPlainValues(before, serviceEnv);
    this.savedEnv = before;
    await applyServiceEnv(this.apps, namespace, serviceEnv);
    this.recorder?.log(
      `rolling out Deployment ${IRIS} with the run's settings (was ${describeServiceEnv(before)})`,
    );
    await this.waitForStable(replicas, 'waiting for the rollout');
    const running = serviceEnvOf(await this.apps.readNamespacedDeployment({ name: IRIS, namespace }));
    if (!hasServiceEnv(running, serviceEnv))
      throw new Error(
        `Deployment ${IRIS} runs with ${describeServiceEnv(running)} after the patch, ` +
          `not MODEL_COST_MS=${serviceEnv.MODEL_COST_MS}, MAX_REQUESTS_PER_SOCKET=${serviceEnv.MAX_REQUESTS_PER_SOCKET}`,
      );
    this.recorder?.note(
      `Deployment ${IRIS} ran with ${describeServiceEnv(running)} for this run (before: ${describeServiceEnv(before)}, restored afterwards)`,
    );
  }

  private async waitForStable(replicas: number, what: string): Promise<void> {
    await waitUntilStable(
      { apps: this.apps, autoscaling: this.autoscaling, core: this.core },
      this.options.namespace,
      replicas,
      this.options.stable ?? DEFAULT_STABLE,
      (state) => {
        this.throwIfStopping();
        this.recorder?.log(`${what}: ${state}`);
      },
    );
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new Error('the run was stopped while the cluster was being prepared');
  }

  private missing(part: string, reason: string): void {
    if (this.missingNoted.has(part)) return;
    this.missingNoted.add(part);
    this.recorder?.missing(part, reason);
  }

  /** Notes a missing part (once) and yields undefined; anything that is not a missing part is rethrown. */
  private absent(part: string, error: unknown): undefined {
    if (error instanceof MissingPartError) this.missing(error.part, error.reason);
    else if (part === 'hpa' && statusOf(error) === 404)
      this.missing('hpa', `HPA ${IRIS} not found in the cluster`);
    else throw error;
    return undefined;
  }

  private async checkCollector(): Promise<void> {
    const { namespace } = this.options;
    try {
      const collector = await this.apps.readNamespacedDeployment({ name: 'otel-collector', namespace });
      if (!collector.status?.readyReplicas)
        this.missing('collector', 'the OpenTelemetry Collector has no ready pod: spans will be missing');
    } catch (error) {
      this.missing('collector', `no OpenTelemetry Collector Deployment (${describeFailure(error)})`);
    }
  }

  private recordPodReadiness(pods: PodSample[]): void {
    for (const pod of pods) {
      if (pod.ready && !this.readyPods.has(pod.name)) {
        this.readyPods.add(pod.name);
        this.recorder?.event({
          kind: 'pod-ready',
          pod: pod.name,
          source: 'kubelet',
          message: `${pod.name} ready at ${pod.readyAt ?? 'unknown time'}`,
        });
      }
      if (!pod.ready) this.readyPods.delete(pod.name);
    }
  }

  private async recordEvents(): Promise<void> {
    if (!this.events || this.missingNoted.has('events')) return;
    try {
      for (const event of await this.events.poll()) {
        const { time, ...record } = event;
        this.recorder?.event({ ...record, message: `${record.message} (at ${time})` });
      }
    } catch (error) {
      this.missing('events', `cannot list events (${describeFailure(error)})`);
    }
  }

  /** The cluster HPA's decisions are seen through its status: a record whenever desired replicas or conditions change. */
  private recordDecision(hpa: HpaStatus): void {
    const metrics = hpa.metrics.map(
      (m) =>
        `${m.name}: ${m.currentUtilization ?? '<unknown>'}% of request (target ${m.targetUtilization ?? '?'}%)`,
    );
    const conditions = hpa.conditions.map(
      (c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
    );
    const steps = [...metrics, ...conditions];
    const key = `${hpa.currentReplicas}->${hpa.desiredReplicas} ${conditions.join('|')}`;
    if (key === this.lastDecision) return;
    this.lastDecision = key;
    const limited = hpa.conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
    const active = hpa.conditions.find((c) => c.type === 'ScalingActive');
    this.recorder?.decision({
      currentReplicas: hpa.currentReplicas,
      desiredReplicas: hpa.desiredReplicas,
      steps: steps.length > 0 ? steps : ['no conditions reported yet'],
      ...(limited?.reason ? { limitedBy: limited.reason } : {}),
      ...((limited ?? active)?.reason ? { reason: (limited ?? active)!.reason } : {}),
    });
  }
}

/** The GKE overlay has no Jaeger: its collector exports to Cloud Trace, where the run's spans are. */
export function onGke(error: unknown, start: Date, end: Date): unknown {
  if (!(error instanceof MissingPartError)) return error;
  return new MissingPartError(
    'traces',
    `${error.reason}; the GKE overlay sends traces to Cloud Trace (no Jaeger): ` +
      `see the run window ${start.toISOString()} – ${end.toISOString()} there`,
  );
}
