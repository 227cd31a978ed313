// What was true at each timeline sample that recorded failures by class: pods CPU-throttled (their CFS counters),
// new pods not yet ready and pods terminating, fault windows open (fault events), the machine saturated. The
// verdict ties each failure class to these; the timeline chart draws the classes. Data a run did not record (no
// CFS counters without an enforced CPU limit, no fault events without faults) leaves its part empty.
import type { FailureCounts } from '../results/failures/failure-class';
import type { ScaleEventRecord, TimelineSample } from '../results/results.types';
import { podThrottling } from './cpu-throttling';
import { podsCpuMillicores } from './pods-cpu';

/** Share of the machine's cores the pods may use before the machine, not the autoscaler, sets the ceiling. */
export const MACHINE_SATURATION = 0.85;

/**
 * A pod counts as throttled in an interval when at least this share of its CFS periods was throttled: a few
 * percent is routine for bursty request handling, a tenth of the periods means requests waited for CPU time.
 */
export const THROTTLED_SHARE = 0.1;

export interface ThrottledPod {
  pod: string;
  /** throttled CFS periods ÷ CFS periods in the interval ending at the sample */
  throttledShare: number;
}

export interface FailureSample {
  t: number;
  /** start of the interval the sample covers (the previous sample, or the run's start) */
  from: number;
  /** failures by class in the interval ending at this sample */
  failures: FailureCounts;
  throttledPods: ThrottledPod[];
  /** some pod of the sample carried CFS counters (a CPU limit was enforced and read) */
  throttlingRecorded: boolean;
  /** pods started but not ready yet (terminating ones excluded) */
  startingPods: number;
  terminatingPods: number;
  ready: number;
  desired: number;
  /** faults whose window overlapped the interval, as their events name them */
  activeFaults: string[];
  /** CPU of all pods (millicores) when they used nearly all of the machine's cores; null otherwise or unknown */
  saturatedMachineMillicores: number | null;
}

interface FaultWindow {
  label: string;
  from: number;
  to: number;
}

// A fault's window runs from its fault-start event to its fault-end (matched by the fault as written in `fault`);
// a fault not ended by the run's end stays open.
export function faultWindows(events: readonly ScaleEventRecord[]): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  for (const event of [...events].sort((a, b) => a.elapsedSeconds - b.elapsedSeconds)) {
    const label = event.fault ?? event.message;
    if (event.kind === 'fault-start') {
      const window = { label, from: event.elapsedSeconds, to: Infinity };
      windows.push(window);
      open.set(label, window);
    } else if (event.kind === 'fault-end') {
      const window = open.get(label);
      if (window) window.to = event.elapsedSeconds;
      open.delete(label);
    }
  }
  return windows;
}

/**
 * One entry per timeline sample that recorded failures by class (none for runs made before failures were
 * classified). `machineCores`: the cores the pods shared (embedded lab); null on a cluster.
 */
export function failureCircumstances(
  timeline: readonly TimelineSample[],
  events: readonly ScaleEventRecord[],
  machineCores: number | null,
): FailureSample[] {
  const faults = faultWindows(events);
  const samples = [...timeline].sort((a, b) => a.elapsedSeconds - b.elapsedSeconds);
  const shareAt = new Map(
    podThrottling(samples).flatMap(({ pod, points }) => points.map(({ t, share }) => [`${pod}@${t}`, share])),
  );
  const result: FailureSample[] = [];
  samples.forEach((sample, index) => {
    const previous = samples[index - 1];
    if (!sample.failures) return;
    const throttledPods: ThrottledPod[] = [];
    for (const pod of sample.pods) {
      const share = shareAt.get(`${pod.name}@${sample.elapsedSeconds}`);
      if (share != null && share >= THROTTLED_SHARE)
        throttledPods.push({ pod: pod.name, throttledShare: share });
    }
    const from = previous?.elapsedSeconds ?? 0;
    const podsCpu = podsCpuMillicores(sample.pods);
    result.push({
      t: sample.elapsedSeconds,
      from,
      failures: sample.failures,
      throttledPods,
      throttlingRecorded: sample.pods.some((pod) => pod.cpuCfsPeriods !== undefined),
      startingPods: sample.pods.filter((pod) => !pod.ready && pod.phase !== 'Terminating').length,
      terminatingPods: sample.pods.filter((pod) => pod.phase === 'Terminating').length,
      ready: sample.replicas.ready,
      desired: sample.replicas.desired,
      activeFaults: [
        ...new Set(faults.filter((w) => w.from <= sample.elapsedSeconds && w.to >= from).map((w) => w.label)),
      ],
      saturatedMachineMillicores:
        machineCores !== null && podsCpu !== null && podsCpu >= machineCores * 1000 * MACHINE_SATURATION
          ? podsCpu
          : null,
    });
  });
  return result;
}
