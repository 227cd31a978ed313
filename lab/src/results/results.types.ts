// The records of a results folder `results/<run-id>/`, shared by every runner (embedded, kind, GKE) and read
// back by the report. One file per record kind; see results-layout.ts for the file names.
import type { HorizontalPodAutoscalerSpec, PodPhase } from '../hpa';
import type { ResourceAmounts } from '../manifests/deployment-manifest';
import type { FixedCountLoad, Profile, UsersLoad } from '../profiles/profiles';
import type { FailureCounts } from './failures/failure-class';

/** The version of the results format meta.json declares; the reader converts older folders on read. */
export const RESULTS_SCHEMA_VERSION = 2;

/** Where the experiment ran. */
export type RunTarget = 'local' | 'kind' | 'gke';

/** How the run ended; `running` is written at start so an interrupted run still has a readable meta.json. */
export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** A part of the lab that did not work during the run; the report lists these instead of failing. */
export interface MissingPart {
  /** Short name of the part, e.g. `metrics`, `traces`, `hpa-events`. */
  part: string;
  /** What the reader should know, e.g. `no metrics API (metrics.k8s.io not served)`. */
  reason: string;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  /** e.g. `Linux 6.1.0-18-amd64 (x64)`. */
  os: string;
  nodeVersion: string;
  hostname?: string;
}

/**
 * A users load as recorded. Format-1 folders did not keep the user classes' wait times nor the task weights, so
 * a run converted from format 1 has its stages only.
 */
export type RecordedUsersLoad = Omit<UsersLoad, 'userClasses' | 'tasks'> &
  Partial<Pick<UsersLoad, 'userClasses' | 'tasks'>>;

/** The profile as played: its key in lab/profiles.yaml, its description and its normalized load plan. */
export interface RunProfile {
  id: Profile['id'];
  description?: Profile['description'];
  load: RecordedUsersLoad | FixedCountLoad;
}

/** Pod requests and limits as the Deployment sets them, in millicores and bytes (the report formats them). */
export interface PodResources {
  requests?: ResourceAmounts;
  limits?: ResourceAmounts;
}

export interface HpaInfo {
  /** `report-001` (default), `report-000`, `report-004`. */
  variant: string;
  /** The HorizontalPodAutoscaler `spec` as applied (autoscaling/v2). */
  spec: HorizontalPodAutoscalerSpec;
}

/** The explicit per-request CPU work the profile sets (MODEL_COST_MS), always shown in the report. */
export interface ModelCostInfo {
  modelCostMs: number;
  /** Where the value came from, e.g. `lab/profiles.yaml profile 150`. */
  source: string;
}

/** The conditions of lab/profiles.yaml the run ran under (what changes the outcome apart from the load). */
export interface ConditionsInfo {
  /** `lab`, `report-000`, `report-001`, `report-004` */
  id: string;
  description: string;
  /** the service's STARTUP_DELAY_MS: readiness waits this long after a pod's process started */
  startupDelayMs: number;
  /** probe timings the conditions set over the Deployment's, by probe (`readinessProbe`: `{ periodSeconds: 10 }`) */
  probes: Record<string, Record<string, number>>;
  /** the load generator's client timeout: a request over it is a ReadTimeout failure */
  clientTimeoutSeconds: number;
  /** the service's MAX_REQUESTS_PER_SOCKET in the run (0: keep-alive clients stayed on their pod); absent before */
  maxRequestsPerSocket?: number;
}

export interface LoadGeneratorInfo {
  /** `embedded` (the lab's Locust-like generator) or `locust` (real Locust). */
  kind: 'embedded' | 'locust';
  version?: string;
  /** where it ran, e.g. `in Docker, image locustio/locust:<tag> (the cluster's image)` or `from PATH (…)` */
  runtime?: string;
  /** Its own CPU when it ran as a process on the lab's machine (`machine`), in cores; absent otherwise. */
  cpu?: ProcessCpu;
}

/** A process's CPU in cores: on average over the run, and over its busiest 5 s. */
export interface ProcessCpu {
  averageCores: number;
  peakCores: number;
}

export interface RunMeta {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  runId: string;
  target: RunTarget;
  profile: RunProfile;
  hpa: HpaInfo;
  modelCost: ModelCostInfo;
  /** Absent in results folders written before conditions existed. */
  conditions?: ConditionsInfo;
  /** The machine the lab ran on (for kind/GKE: the machine driving the run; see `cluster`). */
  machine: MachineInfo;
  load: LoadGeneratorInfo;
  /** Pod resources as read from the Deployment (e.g. `{ requests: { cpuMillicores: 250, memoryBytes: 268435456 } }`). */
  podResources?: PodResources;
  /** For kind/GKE: where the pods ran. */
  cluster?: { context: string; namespace: string; serverVersion?: string; nodes?: string[] };
  startedAt: string;
  endedAt?: string;
  status: RunStatus;
  missing: MissingPart[];
  notes?: string[];
}

/** A pod's phase as a timeline shows it: Kubernetes' phase, or `Terminating` once it is being deleted. */
export type ObservedPodPhase = PodPhase | 'Terminating';

/** One pod in a timeline sample. Metrics are null when not (yet) available, as with metrics-server. */
export interface PodObservation {
  name: string;
  phase: ObservedPodPhase;
  ready: boolean;
  startedAt?: string;
  readyAt?: string;
  cpuMillicores: number | null;
  memoryBytes: number | null;
  /**
   * CFS bandwidth counters since the pod started, as cAdvisor's container_cpu_cfs_periods_total,
   * container_cpu_cfs_throttled_periods_total and container_cpu_cfs_throttled_seconds_total; absent when no CPU
   * limit was enforced or read.
   */
  cpuCfsPeriods?: number;
  cpuCfsThrottledPeriods?: number;
  cpuCfsThrottledSeconds?: number;
}

/** One metric of the HPA status as Kubernetes reports it (`status.currentMetrics`). */
export interface HpaMetricSample {
  /** e.g. `cpu`, `memory`. */
  name: string;
  currentUtilization: number | null;
  targetUtilization: number | null;
}

/** A sample of the whole system every 5 s (results-layout.ts TIMELINE_INTERVAL_SECONDS). */
export interface TimelineSample {
  /** ISO-8601 time of the sample. */
  time: string;
  /** Seconds since RunMeta.startedAt. */
  elapsedSeconds: number;
  replicas: { desired: number; current: number; ready: number };
  /** Average CPU utilization over the pods with metrics, in % of the request, and the HPA's target. */
  cpuUtilization: { current: number | null; target: number | null };
  hpaMetrics?: HpaMetricSample[];
  pods: PodObservation[];
  /** Load as seen by the generator at sample time, when it can tell (Locust's history CSV is authoritative). */
  load?: { users: number; requestsPerSecond: number; failuresPerSecond: number };
  /**
   * Failed requests by class (failures/failure-class.ts) since the previous sample; `{}` when there were none,
   * absent when the generator's failures could not be read.
   */
  failures?: FailureCounts;
}

/** One HPA sync: what it proposed and why, step by step, in words. */
export interface HpaDecisionRecord {
  time: string;
  elapsedSeconds: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** Per metric: the replica count it alone would ask for. */
  proposals?: Array<{ metric: string; replicas: number; utilization: number | null; target: number | null }>;
  /** Every step of the computation, in order, in words (ratio, tolerance, unready pods, stabilization, policies...). */
  steps: string[];
  /** The step that bounded the result, if any, e.g. `maxReplicas`, `scaleUp policy Pods 4/15s`. */
  limitedBy?: string;
  /** Kubernetes-style condition reason, e.g. `ScaleUpLimit`, `DesiredWithinRange`, `TooManyReplicas`. */
  reason?: string;
}

export type ScaleEventKind =
  | 'scale-up'
  | 'scale-down'
  | 'pod-created'
  | 'pod-ready'
  | 'pod-not-ready'
  | 'pod-terminating'
  | 'pod-deleted'
  | 'pod-oom-killed'
  | 'fault-start'
  | 'fault-end'
  | 'fault-failed'
  | 'other';

/** Something that changed the serving capacity, as `kubectl get events` would show it. */
export interface ScaleEventRecord {
  time: string;
  elapsedSeconds: number;
  kind: ScaleEventKind;
  /** Replica counts for scale-up/scale-down. */
  from?: number;
  to?: number;
  pod?: string;
  /** `hpa` (SuccessfulRescale), `deployment`, `kubelet`, `lab`. */
  source: string;
  message: string;
  /** fault-start, fault-end, fault-failed: the fault as written (`kill-pod@30s`, lab/README.md's grammar) */
  fault?: string;
}

/** Latency distribution of one span name, in milliseconds (from an HDR histogram in microseconds). */
export interface SpanNameSummary {
  name: string;
  /** `server`, `internal`, `client`, `producer`, `consumer`, `unspecified`. */
  kind: string;
  count: number;
  errorCount: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  totalMs: number;
  /** HDR histogram (microseconds) as hdr-histogram-js compressed base64, so summaries can be re-aggregated. */
  histogram: string;
}

/**
 * The trace side of a run, pre-aggregated: a 5-minute run produces hundreds of thousands of spans, so the
 * results folder keeps per-name HDR histograms and counts instead of raw spans.
 */
export interface SpanSummary {
  /** Spans received by the lab's OTLP receiver (or read from Jaeger) inside the run window. */
  receivedSpans: number;
  /** Spans known to be lost before the receiver (exporter queue overflow, export errors), when known. */
  droppedSpans: number | null;
  /** Root server spans of prediction requests (POST): the denominator of `shareOfRequestTime`. */
  requestRootSpans: number;
  /** Sum of the durations of those root spans, ms. */
  requestTimeMs: number;
  /** Where the spans came from, e.g. `otlp-receiver`, `jaeger-query`. */
  source: string;
  /** Sampling applied at the source, e.g. `always_on`, `traceidratio 0.1`. */
  sampling?: string;
  names: SpanNameSummary[];
}
