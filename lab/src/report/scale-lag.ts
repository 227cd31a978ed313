// Scale-up lag, as every report states it: from the first timeline sample over the CPU target to the new pods being
// ready. "Over target" means beyond the HPA's 10 % tolerance, because below that the HPA does not act. Two ends
// are measured: the first new pod ready, and every pod of the first scale-up ready.
import type { ScaleEventRecord, TimelineSample } from '../results/results.types';
import type { ScaleUpLag } from './report-model';

export const HPA_TOLERANCE = 0.1;

/** The earliest time, after `from`, at which `readyCount` pods were ready, from samples and pod-ready events. */
function readyAt(
  samples: readonly TimelineSample[],
  events: readonly ScaleEventRecord[],
  from: TimelineSample,
  readyCount: number,
): number | null {
  const fromTimeline = samples.find(
    (sample) => sample.elapsedSeconds > from.elapsedSeconds && sample.replicas.ready >= readyCount,
  )?.elapsedSeconds;
  // pod-ready events are exact; timeline samples are 5 s apart. Use whichever saw the pods first.
  const readyEvents = events
    .filter((event) => event.kind === 'pod-ready' && event.elapsedSeconds > from.elapsedSeconds)
    .map((event) => event.elapsedSeconds)
    .sort((a, b) => a - b);
  const fromEvents = readyEvents[readyCount - from.replicas.ready - 1];
  const candidates = [fromTimeline, fromEvents].filter((value): value is number => value !== undefined);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

export function measureScaleUpLag(
  timeline: readonly TimelineSample[],
  events: readonly ScaleEventRecord[],
): ScaleUpLag | null {
  const samples = [...timeline].sort((a, b) => a.elapsedSeconds - b.elapsedSeconds);
  const first = samples.find(
    (sample) =>
      sample.cpuUtilization.current !== null &&
      sample.cpuUtilization.target !== null &&
      sample.cpuUtilization.current > sample.cpuUtilization.target * (1 + HPA_TOLERANCE),
  );
  if (!first) return null;
  const readyBefore = first.replicas.ready;
  const firstNewPod = readyAt(samples, events, first, readyBefore + 1);
  const scaleUp = events.find(
    (event) =>
      event.kind === 'scale-up' && event.elapsedSeconds >= first.elapsedSeconds && event.to !== undefined,
  );
  const allNewPods = scaleUp?.to !== undefined ? readyAt(samples, events, first, scaleUp.to) : null;
  return {
    overTargetAtSeconds: first.elapsedSeconds,
    utilization: first.cpuUtilization.current as number,
    target: first.cpuUtilization.target as number,
    readyBefore,
    newPodReadyAtSeconds: firstNewPod,
    lagSeconds: firstNewPod === null ? null : firstNewPod - first.elapsedSeconds,
    scaledTo: scaleUp?.to ?? null,
    allReadyLagSeconds: allNewPods === null ? null : allNewPods - first.elapsedSeconds,
  };
}
