// The iris pods as a timeline sample: phase (Terminating while being deleted), readiness, start and ready times.
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import type { PodObservation } from '../../results/results.types';

export const IRIS_SELECTOR = 'app.kubernetes.io/name=iris';

export type PodState = Omit<PodObservation, 'cpuMillicores' | 'memoryBytes'>;

export async function listIrisPods(api: CoreV1Api, namespace: string): Promise<PodState[]> {
  const list = await api.listNamespacedPod({ namespace, labelSelector: IRIS_SELECTOR });
  return list.items.map(podStateOf).sort((a, b) => a.name.localeCompare(b.name));
}

export function podStateOf(pod: V1Pod): PodState {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const isReady = ready?.status === 'True';
  const phase = pod.metadata?.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
  return {
    name: pod.metadata?.name ?? '(unnamed)',
    phase: phase as PodState['phase'],
    ready: isReady && !pod.metadata?.deletionTimestamp,
    ...(pod.status?.startTime ? { startedAt: iso(pod.status.startTime) } : {}),
    ...(isReady && ready?.lastTransitionTime ? { readyAt: iso(ready.lastTransitionTime) } : {}),
  };
}

const iso = (time: Date | string): string => new Date(time).toISOString();
