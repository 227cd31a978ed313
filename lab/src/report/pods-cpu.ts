// The pods' CPU in a timeline sample, as the capacity chart, the machine-saturation rule and the failure
// circumstances all read it.
import type { PodObservation } from '../results/results.types';

/** CPU of the pods with a measurement, summed (millicores); null when no pod had one (metrics not yet there). */
export function podsCpuMillicores(pods: readonly PodObservation[]): number | null {
  const known = pods.flatMap((pod) => (pod.cpuMillicores === null ? [] : [pod.cpuMillicores]));
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0);
}
