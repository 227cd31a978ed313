// Per-pod CPU and memory from the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics, served by
// metrics-server): the numbers the HPA itself sees. A cluster without it is reported as missing, not fatal.
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { cpuMillicores, memoryBytes } from '../../manifests/quantity';
import type { PodUsage } from '../../metrics/pod-usage';
import { describeFailure, MissingPartError, statusOf } from './cluster-errors';
import { IRIS_SELECTOR } from './pods';

/** The metrics.k8s.io/v1beta1 PodMetrics object, as the API serves it. */
interface PodMetrics {
  metadata: { name: string };
  timestamp?: string;
  window?: string;
  containers: Array<{ name: string; usage: { cpu: string; memory: string } }>;
}

export async function readPodUsage(api: CustomObjectsApi, namespace: string): Promise<Map<string, PodUsage>> {
  let list: { items?: PodMetrics[] };
  try {
    list = (await api.listNamespacedCustomObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      namespace,
      plural: 'pods',
      labelSelector: IRIS_SELECTOR,
    })) as { items?: PodMetrics[] };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404)
      throw new MissingPartError(
        'metrics',
        'no metrics API (metrics.k8s.io/v1beta1 is not served: is metrics-server installed?)',
      );
    if (status === 503)
      throw new MissingPartError('metrics', `metrics API unavailable (${describeFailure(error)})`);
    throw error;
  }
  const usage = new Map<string, PodUsage>();
  for (const pod of list.items ?? []) {
    const timestamp = pod.timestamp === undefined ? NaN : Date.parse(pod.timestamp);
    const windowSeconds = Number(/^(\d+(?:\.\d+)?)s$/.exec(pod.window ?? '')?.[1] ?? NaN);
    usage.set(pod.metadata.name, {
      pod: pod.metadata.name,
      cpuMillicores: pod.containers.reduce((sum, c) => sum + cpuMillicores(c.usage.cpu), 0),
      memoryBytes: pod.containers.reduce((sum, c) => sum + memoryBytes(c.usage.memory), 0),
      ...(Number.isFinite(timestamp) && { timestamp }),
      ...(Number.isFinite(windowSeconds) && { windowSeconds }),
    });
  }
  return usage;
}
