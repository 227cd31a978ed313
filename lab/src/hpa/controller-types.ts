// Inputs and outputs of the HPA controller. Everything is explicit: times are epoch milliseconds passed in by
// the caller, the controller never reads a clock and never keeps state between calls.
import type { HorizontalPodAutoscalerSpec, ResourceName } from './hpa-api';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** One pod as the controller sees it: its status (from the API server) and its metrics sample (metrics-server). */
export interface PodSample {
  name: string;
  phase: PodPhase;
  /** Status of the pod's Ready condition. */
  ready: boolean;
  /** status.startTime; absent = the kubelet has not started the pod yet. */
  startTime?: number;
  /** lastTransitionTime of the Ready condition; absent = the pod has no Ready condition yet. */
  readyTransitionTime?: number;
  /** True when the pod has a deletionTimestamp (it is terminating). */
  deleting?: boolean;
  /** Requests summed over the pod's containers: cpu in millicores, memory in bytes. */
  requests: Partial<Record<ResourceName, number>>;
  /** The metrics sample: cpu in millicores, memory in bytes. A resource left out = no metric for this pod. */
  usage: Partial<Record<ResourceName, number>>;
  /** When the metrics sample was taken (defaults to `now`). */
  metricsTime?: number;
}

/** A past rescale made by the controller (Kubernetes keeps these per HPA to enforce scaling policies). */
export interface ScaleEvent {
  time: number;
  from: number;
  to: number;
}

/** A past unstabilized recommendation (Kubernetes keeps these per HPA for the stabilization windows). */
export interface Recommendation {
  time: number;
  replicas: number;
}

/** kube-controller-manager flags of the HPA controller, with their Kubernetes defaults in DEFAULT_CONTROLLER_OPTIONS. */
export interface ControllerOptions {
  /** --horizontal-pod-autoscaler-tolerance */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay */
  initialReadinessDelaySeconds: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization */
  downscaleStabilizationWindowSeconds: number;
  /** --horizontal-pod-autoscaler-sync-period: how often the loop calls the controller. */
  syncPeriodSeconds: number;
  /** The window metrics-server reports with each sample (its resolution, 15 s by default). */
  metricWindowSeconds: number;
}

export interface ScaleInput {
  spec: HorizontalPodAutoscalerSpec;
  /** The target's spec.replicas. */
  currentReplicas: number;
  pods: PodSample[];
  now: number;
  /** Rescales made by this HPA earlier (only those within the policies' periods matter). */
  scaleEvents: ScaleEvent[];
  /** Unstabilized recommendations made earlier; empty on the first sync. */
  recommendations: Recommendation[];
  options?: Partial<ControllerOptions>;
}

export type StepValue = number | string | boolean | null | string[];

/** One step of a decision: a sentence for people and the numbers behind it for programs. */
export interface DecisionStep {
  /** Stable identifier of the rule applied, e.g. "tolerance", "stabilization", "rate-limit". */
  rule: string;
  text: string;
  values: Record<string, StepValue>;
}

export interface PodGroups {
  /** Pods whose sample is used as is. */
  counted: string[];
  /** Pending pods, and (cpu only) pods not yet ready or still warming up: 0 % on a scale-up, else left out. */
  unready: string[];
  /** Running pods without a sample: 100 % on a scale-down, 0 % on a scale-up. */
  missing: string[];
  /** Failed pods and pods being deleted: never counted. */
  ignored: string[];
}

export interface MetricResult {
  /** e.g. "cpu resource utilization (percentage of request)". */
  description: string;
  resource: ResourceName;
  targetType: 'Utilization' | 'AverageValue';
  /** Target: a percentage for Utilization, milli-units (millicores, or bytes × 1000) for AverageValue. */
  target: number;
  /** Current utilization in percent (Utilization targets). */
  currentUtilization?: number;
  /** Current per-pod average in milli-units. */
  currentAverage?: number;
  usageRatio?: number;
  proposal?: number;
  pods?: PodGroups;
  /** Set when this metric could not be computed (Kubernetes marks it invalid). */
  error?: string;
}

export interface HpaCondition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface ScaleDecision {
  currentReplicas: number;
  desiredReplicas: number;
  /** True when the controller would update the target's replicas. */
  rescale: boolean;
  /** The reason Kubernetes records in its SuccessfulRescale event, e.g. "cpu resource utilization … above target". */
  reason: string;
  metrics: MetricResult[];
  conditions: HpaCondition[];
  steps: DecisionStep[];
  /** The recommendation history to pass to the next sync. */
  recommendations: Recommendation[];
  /** The scale-event history to pass to the next sync (with this rescale appended). */
  scaleEvents: ScaleEvent[];
}
