// The bottleneck verdict: small rules, each reading the aggregated data and returning one finding or none.
// Every number in a finding comes from the run's own files; nothing is assumed.
import type {
  CapacityPoint,
  Finding,
  LoadPoint,
  PodThrottling,
  RunSummary,
  SpanBreakdown,
} from './report-model';
import type { LocustFailureRow } from '../results/locust/locust-csv.types';
import type { HpaDecisionRecord, ProcessCpu } from '../results/results.types';
import { MACHINE_SATURATION, type FailureSample } from './failure-circumstances';
import { explainFailures } from './failures-explained';
import { formatCount } from './format';
import { HPA_TOLERANCE } from './scale-lag';

export interface VerdictInput {
  summary: RunSummary;
  load: LoadPoint[];
  capacity: CapacityPoint[];
  spans: SpanBreakdown | null;
  failures: LocustFailureRow[];
  /** The timeline samples with failures by class and what was true at each. */
  failureSamples: FailureSample[];
  /** Every HPA sync of the run. */
  decisions: HpaDecisionRecord[];
  modelCostMs: number;
  /** Cores of the machine the pods ran on, when they all ran on it (embedded lab); null on a cluster. */
  machineCores: number | null;
  /** pods with CFS counters, when a CPU limit was enforced */
  throttling: PodThrottling[];
  /** the pods' CPU limit as the Deployment sets it */
  cpuLimitMillicores: number | null;
  /** The load generator's own CPU and the cores of the machine it ran on, when it ran there as a process. */
  loadGenerator: (ProcessCpu & { machineCores: number }) | null;
}

export type VerdictRule = (input: VerdictInput) => Finding | null;

const round = (value: number): number => Math.round(value);
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/** At maxReplicas with CPU at or over target for at least two samples (10 s): the HPA has nothing left. */
export const atMaxReplicasCpuBound: VerdictRule = ({ summary, capacity, modelCostMs }) => {
  const { maxReplicas } = summary;
  const saturated = capacity.filter(
    (point) =>
      point.ready >= maxReplicas &&
      point.utilization !== null &&
      point.target !== null &&
      point.utilization >= point.target,
  );
  if (saturated.length < 2) return null;
  const utilization = round(mean(saturated.map((point) => point.utilization as number)));
  return {
    rule: 'at-max-replicas-cpu-bound',
    severity: 'bottleneck',
    text:
      `At max replicas (${maxReplicas}) and CPU-bound: utilization averaged ${utilization}% of the request ` +
      `(target ${saturated[0].target}%) over ${saturated.length} samples from t=${round(saturated[0].t)} s. ` +
      `The autoscaler cannot add pods; raise maxReplicas or make a request cheaper (model cost ${modelCostMs} ms).`,
  };
};

/** Embedded lab: pods together use (nearly) every core, so more replicas cannot add capacity. */
export const machineSaturated: VerdictRule = ({ capacity, machineCores }) => {
  if (machineCores === null) return null;
  const limit = machineCores * 1000 * MACHINE_SATURATION;
  const saturated = capacity.filter(
    (point) => point.podsCpuMillicores !== null && point.podsCpuMillicores >= limit,
  );
  if (saturated.length < 2) return null;
  const peak = Math.max(...saturated.map((point) => point.podsCpuMillicores as number));
  return {
    rule: 'machine-saturated',
    severity: 'bottleneck',
    text:
      `The machine is the ceiling: the pods together used up to ${(peak / 1000).toFixed(2)} of its ${machineCores} cores ` +
      `(${saturated.length} samples from t=${round(saturated[0].t)} s), and they share them with the load generator. ` +
      `More replicas cannot add capacity here; a cluster with more nodes can.`,
  };
};

/** Fewer seconds of history than this are too noisy to call a latency trend. */
const MIN_TREND_SECONDS = 30;

/** p95 grew ≥ 1.5× (and ≥ 20 ms) from the first to the last third of the run while CPU stayed under target. */
export const latencyRisingCpuBelowTarget: VerdictRule = ({ load, capacity, summary }) => {
  const timed = load.filter((point) => point.p95 !== null && point.rps > 0);
  if (timed.length < MIN_TREND_SECONDS || summary.cpuTarget === null) return null;
  const third = Math.floor(timed.length / 3);
  const early = median(timed.slice(0, third).map((point) => point.p95 as number));
  const late = median(timed.slice(-third).map((point) => point.p95 as number));
  const lateStart = timed[timed.length - third].t;
  const lateCpu = capacity.filter((point) => point.t >= lateStart && point.utilization !== null);
  if (late < early * 1.5 || late - early < 20 || lateCpu.length === 0) return null;
  const cpu = mean(lateCpu.map((point) => point.utilization as number));
  if (cpu >= summary.cpuTarget) return null;
  return {
    rule: 'latency-rising-cpu-below-target',
    severity: 'bottleneck',
    text:
      `Latency rose while CPU stayed below target: p95 went from ${round(early)} ms to ${round(late)} ms, ` +
      `with CPU at ${round(cpu)}% of the request (target ${summary.cpuTarget}%). The pods' CPU is not the limit ` +
      `(the HPA will not help): look at the load generator, connection spread across pods (keep-alive pins a ` +
      `connection to one pod), or event-loop stalls such as trace export.`,
  };
};

/** The metrics asked for more replicas than the HPA set: its behavior (stabilization, policies) held it back. */
export const hpaHeldBack: VerdictRule = ({ decisions, summary }) => {
  const clamp = (replicas: number): number =>
    Math.min(summary.maxReplicas, Math.max(summary.minReplicas, replicas));
  const held = decisions.filter((decision) => {
    const proposals = (decision.proposals ?? []).map((proposal) => proposal.replicas);
    return proposals.length > 0 && clamp(Math.max(...proposals)) > decision.desiredReplicas;
  });
  if (held.length === 0) return null;
  const first = held[0];
  const wanted = clamp(Math.max(...(first.proposals ?? []).map((proposal) => proposal.replicas)));
  const why = first.steps.find((step) => /stabiliz|polic/i.test(step)) ?? first.limitedBy ?? first.reason;
  return {
    rule: 'hpa-held-back',
    severity: 'warning',
    text:
      `The HPA was held back in ${held.length} of ${decisions.length} syncs: first at t=${round(first.elapsedSeconds)} s, ` +
      `the metrics asked for ${wanted} replicas and it set ${first.desiredReplicas}` +
      `${why ? `. Why: ${why}` : '.'}`,
  };
};

export const scaleUpLagFinding: VerdictRule = ({ summary }) => {
  const lag = summary.scaleUpLag;
  if (!lag) return null;
  const over = `CPU first went over target at t=${round(lag.overTargetAtSeconds)} s (${round(lag.utilization)}% vs ${lag.target}%, beyond the ${HPA_TOLERANCE * 100}% tolerance)`;
  if (lag.lagSeconds === null) {
    return {
      rule: 'scale-up-lag',
      severity: 'warning',
      text: `${over}, but no new pod became ready before the run ended.`,
    };
  }
  return {
    rule: 'scale-up-lag',
    severity: lag.lagSeconds > 60 ? 'warning' : 'info',
    text:
      `Scale-up lag ${round(lag.lagSeconds)} s: ${over}; the first new pod was ready at ` +
      `t=${round(lag.newPodReadyAtSeconds as number)} s` +
      (lag.scaledTo === null
        ? '.'
        : lag.allReadyLagSeconds === null
          ? `, but not all ${lag.scaledTo} pods of the first scale-up were ready by the end.`
          : `, all ${lag.scaledTo} pods of the first scale-up ${round(lag.allReadyLagSeconds)} s after it.`),
  };
};

export const failuresOnset: VerdictRule = ({ load, capacity, summary, failures }) => {
  if (!summary.failures) return null;
  const onset = load.find((point) => point.failuresPerSecond > 0);
  const top = [...failures].sort((a, b) => b.occurrences - a.occurrences)[0];
  const ratio = summary.failureRatio === null ? '' : ` (${(summary.failureRatio * 100).toFixed(2)}%)`;
  let when = '';
  if (onset) {
    const pods = [...capacity].reverse().find((point) => point.t <= onset.t);
    when = ` Failures began at t=${round(onset.t)} s with ${onset.users} users${pods ? ` and ${pods.ready} pods ready` : ''}.`;
  }
  const cause = top
    ? ` Most frequent: ${top.method} ${top.name}: ${top.error} (${formatCount(top.occurrences)}).`
    : '';
  return {
    rule: 'failures-onset',
    severity: 'bottleneck',
    text: `${formatCount(summary.failures)} failed requests${ratio}.${when}${cause}`,
  };
};

/** Which classes the failures were, when, and what was true then (throttling, unready pods, faults, the machine). */
export const failuresExplained: VerdictRule = ({ summary, failureSamples }) =>
  explainFailures(summary.failureClasses, failureSamples);

/** Replicas never left the start and CPU never passed target+tolerance: the experiment did not exercise the HPA. */
export const autoscalerIdle: VerdictRule = ({ summary, modelCostMs }) => {
  const { peakCpuUtilization, cpuTarget, maxPodsReady, startPods } = summary;
  if (peakCpuUtilization === null || cpuTarget === null || maxPodsReady === null || startPods === null)
    return null;
  if (peakCpuUtilization > cpuTarget * (1 + HPA_TOLERANCE) || maxPodsReady > startPods) return null;
  return {
    rule: 'autoscaler-idle',
    severity: 'warning',
    text:
      `The autoscaler had nothing to do: CPU peaked at ${round(peakCpuUtilization)}% of the request ` +
      `(target ${cpuTarget}%) and pods stayed at ${startPods}. Raise the load or the model cost (now ${modelCostMs} ms).`,
  };
};

/** Beyond this share of the machine, the load generator competes with what it measures. */
export const LOAD_GENERATOR_MACHINE_SHARE = 0.25;

/** The load generator took more than a quarter of the machine's CPU in its busiest 5 s. */
export const loadGeneratorBusy: VerdictRule = ({ loadGenerator }) => {
  if (!loadGenerator) return null;
  const { peakCores, averageCores, machineCores } = loadGenerator;
  if (peakCores <= machineCores * LOAD_GENERATOR_MACHINE_SHARE) return null;
  const share = (cores: number) => `${((cores / machineCores) * 100).toFixed(0)} %`;
  return {
    rule: 'load-generator-busy',
    severity: 'warning',
    text:
      `The load generator used ${peakCores.toFixed(2)} of the machine's ${machineCores} cores in its busiest 5 s ` +
      `(${share(peakCores)}; ${averageCores.toFixed(2)} cores, ${share(averageCores)}, on average), more than ` +
      `a quarter: it competed for CPU with the service, so offered load and response times may be its own limit.`,
  };
};

/** Spans lost or missing bias the breakdown (the BatchSpanProcessor drops silently under load). */
export const spanCoverage: VerdictRule = ({ spans }) => {
  if (!spans) return null;
  const dropped = spans.droppedSpans ?? 0;
  const expected = spans.expectedRootSpans;
  const covered = expected ? spans.requestRootSpans / expected : 1;
  // A sampled count varies around its expectation; 10 % short is more than chance at these volumes.
  const enough = spans.samplingRatio === 1 ? 0.95 : 0.9;
  if (dropped === 0 && covered >= enough) return null;
  const sampled = spans.samplingRatio === 1 ? '' : ` × sampling ${spans.samplingRatio}`;
  const parts = [
    expected
      ? `${formatCount(spans.requestRootSpans)} request root spans where ${formatCount(spans.locustPostRequests)} ` +
        `POST requests${sampled} make ${formatCount(expected)} expected (${(covered * 100).toFixed(1)}%)`
      : '',
    dropped ? `${formatCount(dropped)} spans reported dropped` : '',
  ].filter(Boolean);
  return {
    rule: 'span-coverage',
    severity: 'warning',
    text: `The span breakdown is incomplete: ${parts.join('; ')}. Shares computed from what arrived are biased; size the exporter queue or sample deliberately.`,
  };
};

/**
 * Throttled in this share of its periods or more, a pod's CPU limit sets its latency: the threshold of
 * kube-prometheus' CPUThrottlingHigh alert.
 */
export const THROTTLED_SHARE = 0.25;
/** Fewer periods than this (1 s of CPU demand) say nothing about a pod's limit. */
const MIN_THROTTLING_PERIODS = 10;

/** Pods throttled at their CPU limit in a quarter of their periods or more. */
export const cpuThrottled: VerdictRule = ({ throttling, cpuLimitMillicores }) => {
  const share = (pod: { periods: number; throttledPeriods: number }) => pod.throttledPeriods / pod.periods;
  const throttled = throttling
    .filter((pod) => pod.periods >= MIN_THROTTLING_PERIODS && share(pod) >= THROTTLED_SHARE)
    .sort((a, b) => share(b) - share(a));
  if (throttled.length === 0) return null;
  const sum = (pick: (pod: PodThrottling) => number) =>
    throttled.reduce((total, pod) => total + pick(pod), 0);
  const together = sum((pod) => pod.throttledPeriods) / sum((pod) => pod.periods);
  const pods = throttled.length === 1 ? `1 pod was` : `${throttled.length} of ${throttling.length} pods were`;
  const most = throttled[0];
  return {
    rule: 'cpu-throttled',
    severity: 'bottleneck',
    text:
      `${pods} throttled ${round(together * 100)}% of the time at ${throttled.length === 1 ? 'its' : 'their'} ` +
      `${cpuLimitMillicores === null ? 'CPU' : `${cpuLimitMillicores}m`} limit ` +
      `(CFS periods throttled; most: ${most.pod} ${round(share(most) * 100)}%, ` +
      `${sum((pod) => pod.throttledSeconds).toFixed(1)} s held in all). Requests to a throttled pod wait for its ` +
      `next 100 ms period: raise the CPU limit, or lower the HPA's CPU target so pods are added before they reach it.`,
  };
};

export const VERDICT_RULES: VerdictRule[] = [
  cpuThrottled,
  machineSaturated,
  atMaxReplicasCpuBound,
  latencyRisingCpuBelowTarget,
  failuresOnset,
  failuresExplained,
  hpaHeldBack,
  scaleUpLagFinding,
  autoscalerIdle,
  spanCoverage,
  loadGeneratorBusy,
];

const SEVERITY_ORDER = { bottleneck: 0, warning: 1, info: 2 } as const;

export function deriveVerdict(input: VerdictInput): Finding[] {
  return VERDICT_RULES.map((rule) => rule(input))
    .filter((finding): finding is Finding => finding !== null)
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
