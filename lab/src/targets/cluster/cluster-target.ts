// The kind and GKE targets: the runner's Target over a real cluster. The workload is the iris Deployment and its
// HPA in namespace iris-lab; the load is the in-cluster Locust; metrics come from the metrics API, traces from
// Jaeger. A part the cluster lacks (metrics API, collector, Jaeger, Locust history) becomes a `missing` note.
// This file puts the run's steps in order; preparing and restoring the cluster is cluster-preparation.ts,
// observing it cluster-observer.ts.
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { LoadRun } from '../../load/load-run';
import { resolveReplicaBounds } from '../../hpa/resolve-spec';
import type { HpaManifest } from '../../manifests';
import type { Profile } from '../../profiles/profiles';
import type { RunTarget } from '../../results/results.types';
import type { ResultsWriter } from '../../results/results-writer';
import type { Fault, FaultKind } from '../../faults/fault-spec';
import type {
  FaultInjection,
  HelperProcess,
  Target,
  TargetDescription,
  TargetObservation,
  TargetRecorder,
} from '../../target-api/target';
import { ClusterFaults, clusterFaultKinds } from './cluster-faults';
import { describeFailure } from './cluster-errors';
import { startClusterLoad } from './cluster-load';
import { ClusterObserver } from './cluster-observer';
import { ClusterPreparation } from './cluster-preparation';
import { emergencyStopCommand, prepareEmergencyRequest, type EmergencyRequest } from './emergency-stop';
import { LocustMaster } from './locust-master';
import type { ServiceEnv } from './service-env';
import type { ContainerSetting } from './container-conditions';
import type { StableOptions } from './workload';
import { spawnSync } from 'node:child_process';

export interface ClusterTargetOptions {
  name: Extract<RunTarget, 'kind' | 'gke'>;
  kubeConfig: KubeConfig;
  namespace: string;
  hpa: HpaManifest;
  /** MODEL_COST_MS, MAX_REQUESTS_PER_SOCKET, STARTUP_DELAY_MS the iris container runs with (restored after) */
  serviceEnv: ServiceEnv;
  /** the conditions' requests, limits and probe timings on the iris container (restored after) */
  containerSettings: ContainerSetting[];
  podResources?: TargetDescription['podResources'];
  stable?: StableOptions;
  /** Locust master polling period */
  loadPollMs?: number;
  /** see ClusterLoadOptions.historyWaitSeconds (default 12) */
  historyWaitSeconds?: number;
  /** most traces read back from Jaeger */
  traceLimit?: number;
  serviceName?: string;
  /** how the recovery after a pod or rollout fault is polled (tests shorten it) */
  faultPolling?: { pollMs: number; recoveryTimeoutMs: number };
}

export class ClusterTarget implements Target {
  readonly name: ClusterTargetOptions['name'];
  readonly faultKinds: readonly FaultKind[];
  private readonly master: LocustMaster;
  private readonly preparation: ClusterPreparation;
  private readonly observer: ClusterObserver;
  private readonly faults: ClusterFaults;
  private starting?: Promise<void>;
  private load?: LoadRun & { startedAt: Date };
  private loadEndedAt?: Date;
  private emergency?: EmergencyRequest;

  constructor(private readonly options: ClusterTargetOptions) {
    this.name = options.name;
    this.faultKinds = clusterFaultKinds(options.name);
    const kc = options.kubeConfig;
    const apis = {
      apps: kc.makeApiClient(AppsV1Api),
      autoscaling: kc.makeApiClient(AutoscalingV2Api),
      core: kc.makeApiClient(CoreV1Api),
    };
    this.master = new LocustMaster(kc, options.namespace);
    this.preparation = new ClusterPreparation(apis, options);
    this.faults = new ClusterFaults({
      kubeConfig: kc,
      apps: apis.apps,
      core: apis.core,
      namespace: options.namespace,
      ...options.faultPolling,
    });
    this.observer = new ClusterObserver({ ...apis, custom: kc.makeApiClient(CustomObjectsApi) }, options);
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

  /** Checks what the run needs, prepares the cluster (which gives up at a stop), then starts observing. */
  private async prepare(recorder: TargetRecorder): Promise<void> {
    this.observer.attach(recorder);
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
    await this.observer.checkCollector();
    this.emergency = await prepareEmergencyRequest(this.options.kubeConfig, namespace);
    await this.preparation.apply(recorder);
    await this.observer.begin(resolveReplicaBounds(hpa.spec).minReplicas);
  }

  startLoad(profile: Profile, results: ResultsWriter): LoadRun {
    this.load = startClusterLoad(this.master, profile, results, {
      pollMs: this.options.loadPollMs ?? 1000,
      graceSeconds: 600,
      historyWaitSeconds: this.options.historyWaitSeconds ?? 12,
      onMissingHistory: (reason) => this.observer.missing('locust-history', reason),
    });
    void this.load.finished.finally(() => (this.loadEndedAt = new Date())).catch(() => undefined);
    return this.load;
  }

  observe(): Promise<TargetObservation> {
    return this.observer.observe();
  }

  injectFault(fault: Fault): Promise<FaultInjection> {
    return this.faults.inject(fault);
  }

  helperProcesses(): HelperProcess[] {
    return [];
  }

  async spanSummary() {
    const start = this.load?.startedAt;
    if (!start) return undefined;
    return this.observer.spanSummary(start, this.loadEndedAt);
  }

  async stop(): Promise<void> {
    this.preparation.stop();
    // A start still preparing gives up at its next step; restoring before it did could be undone by that step.
    await this.starting?.catch(() => undefined);
    const problems: string[] = [];
    await this.load
      ?.stop()
      .catch((error: unknown) => problems.push(`stopping the swarm: ${describeFailure(error)}`));
    await this.preparation.restore(problems);
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
}
