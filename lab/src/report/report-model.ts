// What a report says, computed once from a results folder (aggregate.ts) and rendered twice (Markdown, HTML).
import type { RunResults } from '../results/results-reader';
import type { HpaDecisionRecord, ScaleEventRecord } from '../results/results.types';
import type { LocustFailureRow, LocustStatsRow } from '../results/locust/locust-csv.types';
import type { FailureCounts } from '../results/failures/failure-class';
import type { FailureSample } from './failure-circumstances';

/** The headline numbers, as in the reports' summary tables. Null = not measured in this run. */
export interface RunSummary {
  peakUsers: number | null;
  durationSeconds: number | null;
  requests: number | null;
  failures: number | null;
  failureRatio: number | null;
  /** Failures by class over the run, from Locust's failures table (empty when nothing failed). */
  failureClasses: FailureCounts;
  throughputRps: number | null;
  averageMs: number | null;
  medianMs: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  startPods: number | null;
  maxPodsReady: number | null;
  minReplicas: number;
  maxReplicas: number;
  cpuTarget: number | null;
  peakCpuUtilization: number | null;
  firstScaleUpSeconds: number | null;
  scaleUpLag: ScaleUpLag | null;
}

/** Scale-up lag: from the first sample over target (beyond the HPA tolerance) to a new pod being ready. */
export interface ScaleUpLag {
  overTargetAtSeconds: number;
  utilization: number;
  target: number;
  readyBefore: number;
  /** Null when no new pod became ready before the run ended. */
  newPodReadyAtSeconds: number | null;
  lagSeconds: number | null;
  /** Replica count of the first scale-up after the over-target sample (null: the HPA did not scale up). */
  scaledTo: number | null;
  /** From the over-target sample until all `scaledTo` pods were ready; null if they never were. */
  allReadyLagSeconds: number | null;
}

/** One point of the load side of the time axis (Locust's Aggregated history rows). */
export interface LoadPoint {
  t: number;
  users: number;
  rps: number;
  failuresPerSecond: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One point of the capacity side of the time axis (timeline.jsonl). */
export interface CapacityPoint {
  t: number;
  ready: number;
  desired: number;
  utilization: number | null;
  target: number | null;
  /** CPU of all pods with a sample, summed (millicores); null when no pod had one. */
  podsCpuMillicores: number | null;
}

export interface SpanRow {
  name: string;
  kind: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Share of the total time of prediction requests (POST root spans); null without such roots. */
  share: number | null;
}

export interface SpanBreakdown {
  rows: SpanRow[];
  receivedSpans: number;
  droppedSpans: number | null;
  requestRootSpans: number;
  /** POST requests Locust made: root spans should match it when nothing was lost or sampled away. */
  locustPostRequests: number | null;
  /** Share of requests the source traces (head sampling, e.g. 0.1 for `parentbased_traceidratio 0.1`). */
  samplingRatio: number;
  /** Root spans to expect: POST requests × sampling ratio. */
  expectedRootSpans: number | null;
  /** Request time not inside `prediction_request` (framework, validation, serialization), share of request time. */
  outsidePredictionShare: number | null;
  source: string;
  sampling?: string;
}

/** One pod's CPU throttling (CFS counters of the timeline). */
export interface PodThrottling {
  pod: string;
  /** share of its periods throttled since the previous sample (0–1); null when it had no period in between */
  points: Array<{ t: number; share: number | null }>;
  /** counters since the pod started, as of its last sample */
  periods: number;
  throttledPeriods: number;
  throttledSeconds: number;
}

export type FindingSeverity = 'bottleneck' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: FindingSeverity;
  text: string;
}

export interface ReportModel {
  results: RunResults;
  summary: RunSummary;
  endpoints: LocustStatsRow[];
  failures: LocustFailureRow[];
  /** The timeline samples that recorded failures by class, with what was true at each. */
  failureSamples: FailureSample[];
  load: LoadPoint[];
  capacity: CapacityPoint[];
  scaleEvents: ScaleEventRecord[];
  /** Every sync of a short run; for long runs the ones that changed (or wanted to change) the count or were limited. */
  decisions: HpaDecisionRecord[];
  decisionsTotal: number;
  spans: SpanBreakdown | null;
  /** pods with CFS counters (a CPU limit enforced); empty otherwise */
  throttling: PodThrottling[];
  findings: Finding[];
}
