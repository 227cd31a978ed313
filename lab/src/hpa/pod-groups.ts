// Sorts the target's pods the way Kubernetes' groupPods (replica_calculator.go) does, for one resource metric:
// - deleted (deletionTimestamp) or Failed pods are ignored altogether;
// - Pending pods are "unready";
// - running pods without a metrics sample are "missing";
// - for cpu only, a pod is also "unready" when it has no Ready condition or start time, or, within the CPU
//   initialization period after its start, when it is not ready or its sample was taken less than one metric
//   window after it became ready; after that period, only when it is not ready and has never been ready
//   (its Ready condition last changed within the initial readiness delay after start).
// Memory samples of unready pods are counted as they are (Kubernetes does the same).
import type { ControllerOptions, PodGroups, PodSample } from './controller-types';
import type { ResourceName } from './hpa-api';

export interface GroupedPods {
  groups: PodGroups;
  /** Why each pod that is not simply counted was set aside, one sentence per pod. */
  notes: string[];
}

export function groupPods(
  pods: PodSample[],
  resource: ResourceName,
  now: number,
  options: ControllerOptions,
): GroupedPods {
  const groups: PodGroups = { counted: [], unready: [], missing: [], ignored: [] };
  const notes: string[] = [];
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') {
      groups.ignored.push(pod.name);
      notes.push(`${pod.name} is ignored: ${pod.deleting ? 'it is being deleted' : 'it has failed'}.`);
      continue;
    }
    if (pod.phase === 'Pending') {
      groups.unready.push(pod.name);
      notes.push(`${pod.name} is unready: it is still Pending.`);
      continue;
    }
    if (pod.usage[resource] === undefined) {
      groups.missing.push(pod.name);
      notes.push(`${pod.name} has no ${resource} sample (missing metric).`);
      continue;
    }
    if (resource !== 'cpu' && !pod.ready) {
      notes.push(
        `${pod.name} is not ready, yet its ${resource} sample is used (only cpu sets unready pods aside).`,
      );
    }
    const unreadyReason = resource === 'cpu' ? cpuUnreadyReason(pod, now, options) : undefined;
    if (unreadyReason) {
      groups.unready.push(pod.name);
      notes.push(`${pod.name} is unready: ${unreadyReason}.`);
      continue;
    }
    groups.counted.push(pod.name);
  }
  return { groups, notes };
}

function cpuUnreadyReason(pod: PodSample, now: number, options: ControllerOptions): string | undefined {
  if (pod.readyTransitionTime === undefined || pod.startTime === undefined) {
    return 'it has no Ready condition or start time yet';
  }
  const ageSeconds = seconds(now - pod.startTime);
  if (pod.startTime + options.cpuInitializationPeriodSeconds * 1000 > now) {
    const within = `started ${ageSeconds} s ago, within the ${options.cpuInitializationPeriodSeconds} s CPU initialization period`;
    if (!pod.ready) return `it is not ready (${within})`;
    const sampleTime = pod.metricsTime ?? now;
    if (sampleTime < pod.readyTransitionTime + options.metricWindowSeconds * 1000) {
      return (
        `it became ready ${seconds(now - pod.readyTransitionTime)} s ago and its sample does not yet cover ` +
        `a full ${options.metricWindowSeconds} s metric window since then (${within})`
      );
    }
    return undefined;
  }
  if (!pod.ready && pod.startTime + options.initialReadinessDelaySeconds * 1000 > pod.readyTransitionTime) {
    return `it is not ready and has never been ready (its Ready condition last changed within the ${options.initialReadinessDelaySeconds} s initial readiness delay)`;
  }
  return undefined;
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds / 100) / 10;
}
