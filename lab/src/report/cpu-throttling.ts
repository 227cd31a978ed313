// Per-pod CPU throttling from the timeline's CFS counters (cAdvisor's container_cpu_cfs_*): the share of
// enforcement periods in which a pod was throttled at its CPU limit, per sample interval and over its life.
import type { PodObservation, TimelineSample } from '../results/results.types';
import type { PodThrottling } from './report-model';

const countersOf = (pod: PodObservation) =>
  pod.cpuCfsPeriods === undefined
    ? undefined
    : {
        periods: pod.cpuCfsPeriods,
        throttledPeriods: pod.cpuCfsThrottledPeriods ?? 0,
        throttledSeconds: pod.cpuCfsThrottledSeconds ?? 0,
      };

/** Pods whose samples carry CFS counters, in order of first appearance; none when no limit was enforced. */
export function podThrottling(timeline: readonly TimelineSample[]): PodThrottling[] {
  const byPod = new Map<string, PodThrottling>();
  const samples = [...timeline].sort((a, b) => a.elapsedSeconds - b.elapsedSeconds);
  for (const sample of samples) {
    for (const pod of sample.pods) {
      const counters = countersOf(pod);
      if (!counters) continue;
      // The counters start with the pod: its first sample compares with zero.
      const before = byPod.get(pod.name) ?? {
        pod: pod.name,
        points: [],
        periods: 0,
        throttledPeriods: 0,
        throttledSeconds: 0,
      };
      // A pod restarted in place (counters went back) counts from its own start again.
      const restarted =
        counters.periods < before.periods || counters.throttledPeriods < before.throttledPeriods;
      const periods = counters.periods - (restarted ? 0 : before.periods);
      const throttled = counters.throttledPeriods - (restarted ? 0 : before.throttledPeriods);
      before.points.push({ t: sample.elapsedSeconds, share: periods > 0 ? throttled / periods : null });
      byPod.set(pod.name, { ...before, ...counters });
    }
  }
  return [...byPod.values()];
}
