// The scaled workload before a run: the HPA variant applied fresh (deleting the HPA clears the controller's
// recommendation history, so an earlier run's high recommendations cannot scale the new run up), the Deployment
// brought to the variant's minReplicas and waited on until stable; afterwards the HPA the cluster had is put back.
import type {
  AppsV1Api,
  AutoscalingV2Api,
  V1Deployment,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HorizontalPodAutoscalerSpec } from '../../hpa/hpa-api';
import { statusOf } from './cluster-errors';
import { listIrisPods } from './pods';
import type { CoreV1Api } from '@kubernetes/client-node';

export const IRIS = 'iris';

export interface WorkloadApis {
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  core: CoreV1Api;
}

export interface StableOptions {
  /** consecutive polls that must see the same, fully ready state */
  stablePolls: number;
  pollMs: number;
  timeoutMs: number;
}

export const DEFAULT_STABLE: StableOptions = { stablePolls: 3, pollMs: 2000, timeoutMs: 5 * 60_000 };

/** The HPA as it is in the cluster, to restore after the run (undefined when there is none). */
export async function saveHpa(
  api: AutoscalingV2Api,
  namespace: string,
): Promise<V2HorizontalPodAutoscaler | undefined> {
  try {
    return await api.readNamespacedHorizontalPodAutoscaler({ name: IRIS, namespace });
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

export async function deleteHpa(api: AutoscalingV2Api, namespace: string): Promise<void> {
  try {
    await api.deleteNamespacedHorizontalPodAutoscaler({ name: IRIS, namespace });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

export async function createHpa(
  api: AutoscalingV2Api,
  namespace: string,
  spec: HorizontalPodAutoscalerSpec,
  labels: Record<string, string> = {},
): Promise<void> {
  await api.createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: IRIS, namespace, labels },
      spec: spec as unknown as V2HorizontalPodAutoscaler['spec'],
    },
  });
}

/** Puts back the HPA saved before the run (or none, if there was none). */
export async function restoreHpa(
  api: AutoscalingV2Api,
  namespace: string,
  saved: V2HorizontalPodAutoscaler | undefined,
): Promise<void> {
  await deleteHpa(api, namespace);
  if (!saved) return;
  const { name, labels, annotations } = saved.metadata ?? {};
  await api.createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace, labels, annotations },
      spec: saved.spec,
    },
  });
}

export async function scaleDeployment(api: AppsV1Api, namespace: string, replicas: number): Promise<void> {
  await api.replaceNamespacedDeploymentScale({
    name: IRIS,
    namespace,
    body: {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: IRIS, namespace },
      spec: { replicas },
    },
  });
}

/** Waits until the Deployment has rolled out `replicas` ready pods and nothing else, for several polls in a row. */
export async function waitUntilStable(
  apis: WorkloadApis,
  namespace: string,
  replicas: number,
  options: StableOptions = DEFAULT_STABLE,
  onWait: (state: string) => void = () => undefined,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let stableFor = 0;
  let state = '';
  while (stableFor < options.stablePolls) {
    if (Date.now() > deadline)
      throw new Error(
        `deployment ${IRIS} not stable at ${replicas} replicas after ${options.timeoutMs / 1000} s (${state})`,
      );
    const deployment = await apis.apps.readNamespacedDeployment({ name: IRIS, namespace });
    const pods = await listIrisPods(apis.core, namespace);
    state = describeRollout(deployment, pods.length, pods.filter((p) => p.ready).length);
    const settled =
      (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0) &&
      deployment.spec?.replicas === replicas &&
      deployment.status?.readyReplicas === replicas &&
      deployment.status?.updatedReplicas === replicas &&
      pods.length === replicas &&
      pods.every((p) => p.ready);
    stableFor = settled ? stableFor + 1 : 0;
    onWait(state);
    if (stableFor < options.stablePolls) await sleep(options.pollMs);
  }
}

function describeRollout(deployment: V1Deployment, pods: number, ready: number): string {
  return `spec ${deployment.spec?.replicas}, ready ${deployment.status?.readyReplicas ?? 0}, pods ${ready}/${pods} ready`;
}
