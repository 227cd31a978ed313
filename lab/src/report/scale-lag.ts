// Scale-up lag, as issue 6 defines it: from the first timeline sample over the CPU target to the first new pod
// being ready. "Over target" means beyond the HPA's 10 % tolerance, because below that the HPA does not act.
import type { ScaleEventRecord, TimelineSample } from '../results/results.types';
import type { ScaleUpLag } from './report-model';

export const HPA_TOLERANCE = 0.1;

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
  const fromTimeline = samples.find(
    (sample) => sample.elapsedSeconds > first.elapsedSeconds && sample.replicas.ready > readyBefore,
  )?.elapsedSeconds;
  // pod-ready events are exact; timeline samples are 5 s apart. Use whichever saw the new pod first.
  const fromEvents = events
    .filter((event) => event.kind === 'pod-ready' && event.elapsedSeconds > first.elapsedSeconds)
    .map((event) => event.elapsedSeconds)
    .sort((a, b) => a - b)[0];
  const candidates = [fromTimeline, fromEvents].filter((value): value is number => value !== undefined);
  const readyAt = candidates.length > 0 ? Math.min(...candidates) : null;
  return {
    overTargetAtSeconds: first.elapsedSeconds,
    utilization: first.cpuUtilization.current as number,
    target: first.cpuUtilization.target as number,
    readyBefore,
    newPodReadyAtSeconds: readyAt,
    lagSeconds: readyAt === null ? null : readyAt - first.elapsedSeconds,
  };
}
