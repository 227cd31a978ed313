// Results folder → ReportModel: the numbers the report shows, all derived from the run's files.
import { AGGREGATED_ROW_NAME, type LocustHistoryRow } from '../results/locust/locust-csv.types';
import type { RunResults } from '../results/results-reader';
import type { HpaDecisionRecord } from '../results/results.types';
import { hpaSpecFields } from '../results/hpa-spec-fields';
import { countFailureClasses } from '../results/failures/failure-class';
import { failureCircumstances } from './failure-circumstances';
import type { CapacityPoint, LoadPoint, ReportModel, RunSummary } from './report-model';
import { podThrottling } from './cpu-throttling';
import { measureScaleUpLag } from './scale-lag';
import { spanBreakdown } from './span-breakdown';
import { deriveVerdict } from './verdict';
import { podsCpuMillicores } from './pods-cpu';

const maxOf = (values: number[]): number | null => (values.length > 0 ? Math.max(...values) : null);

/** Locust writes 0 (not N/A) for "current" percentiles of an empty window; those are no measurement. */
const currentPercentile = (row: LocustHistoryRow, column: string): number | null =>
  row.requestsPerSecond === 0 && row.failuresPerSecond === 0 ? null : (row.percentiles[column] ?? null);

/** Up to this many syncs the report shows them all; beyond, only the notable ones. */
export const DECISIONS_SHOWN_IN_FULL = 40;

/** A sync is notable when it changed (or wanted to change) the count or was limited. */
const isNotable = (decision: HpaDecisionRecord): boolean =>
  decision.desiredReplicas !== decision.currentReplicas || decision.limitedBy !== undefined;

export function aggregate(results: RunResults): ReportModel {
  const { meta, locust, timeline, events } = results;
  const startSeconds = Date.parse(meta.startedAt) / 1000;
  const total = locust.stats.find((row) => row.name === AGGREGATED_ROW_NAME && row.type === '');
  const endpoints = locust.stats.filter((row) => row !== total);

  const load: LoadPoint[] = locust.history
    .filter((row) => row.name === AGGREGATED_ROW_NAME && row.type === '')
    .map((row) => ({
      t: row.timestamp - startSeconds,
      users: row.userCount,
      rps: row.requestsPerSecond,
      failuresPerSecond: row.failuresPerSecond,
      p50: currentPercentile(row, '50%'),
      p95: currentPercentile(row, '95%'),
      p99: currentPercentile(row, '99%'),
    }));
  const capacity: CapacityPoint[] = [...timeline]
    .sort((a, b) => a.elapsedSeconds - b.elapsedSeconds)
    .map((sample) => ({
      t: sample.elapsedSeconds,
      ready: sample.replicas.ready,
      desired: sample.replicas.desired,
      utilization: sample.cpuUtilization.current,
      target: sample.cpuUtilization.target,
      podsCpuMillicores: podsCpuMillicores(sample.pods),
    }));
  const scaleEvents = [...events].sort((a, b) => a.elapsedSeconds - b.elapsedSeconds);
  const spec = hpaSpecFields(meta.hpa.spec);
  const endSeconds = meta.endedAt ? Date.parse(meta.endedAt) / 1000 : null;

  const summary: RunSummary = {
    peakUsers: maxOf(load.map((point) => point.users)),
    durationSeconds:
      endSeconds !== null ? endSeconds - startSeconds : (maxOf(load.map((point) => point.t)) ?? null),
    requests: total?.requestCount ?? null,
    failures: total?.failureCount ?? null,
    failureRatio: total && total.requestCount > 0 ? total.failureCount / total.requestCount : null,
    failureClasses: countFailureClasses(locust.failures),
    throughputRps: total?.requestsPerSecond ?? null,
    averageMs: total?.averageResponseTime ?? null,
    medianMs: total?.medianResponseTime ?? null,
    p95Ms: total?.percentiles['95%'] ?? null,
    p99Ms: total?.percentiles['99%'] ?? null,
    maxMs: total?.maxResponseTime ?? null,
    startPods: capacity[0]?.ready ?? null,
    maxPodsReady: maxOf(capacity.map((point) => point.ready)),
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    cpuTarget: spec.cpuTarget ?? capacity.find((point) => point.target !== null)?.target ?? null,
    peakCpuUtilization: maxOf(
      capacity.flatMap((point) => (point.utilization === null ? [] : [point.utilization])),
    ),
    firstScaleUpSeconds: scaleEvents.find((event) => event.kind === 'scale-up')?.elapsedSeconds ?? null,
    scaleUpLag: measureScaleUpLag(timeline, events),
  };
  const postRequests = endpoints
    .filter((row) => row.type === 'POST')
    .reduce((sum, row) => sum + row.requestCount, 0);
  // Only the embedded lab's pods share the machine the report describes.
  const machineCores = meta.target === 'local' ? meta.machine.cores : null;
  const failureSamples = failureCircumstances(timeline, events, machineCores);
  const spans = results.spans ? spanBreakdown(results.spans, total ? postRequests : null) : null;
  const throttling = podThrottling(timeline);
  return {
    results,
    summary,
    endpoints,
    failures: locust.failures,
    failureSamples,
    load,
    capacity,
    scaleEvents,
    decisions:
      results.decisions.length <= DECISIONS_SHOWN_IN_FULL
        ? results.decisions
        : results.decisions.filter(isNotable),
    decisionsTotal: results.decisions.length,
    spans,
    throttling,
    findings: deriveVerdict({
      summary,
      load,
      capacity,
      spans,
      failures: locust.failures,
      failureSamples,
      decisions: results.decisions,
      modelCostMs: meta.modelCost.modelCostMs,
      machineCores,
      throttling,
      cpuLimitMillicores: meta.podResources?.limits?.cpuMillicores ?? null,
      // The generator ran on the machine meta.machine describes, whichever target the pods ran on.
      loadGenerator: meta.load.cpu ? { ...meta.load.cpu, machineCores: meta.machine.cores } : null,
    }),
  };
}
