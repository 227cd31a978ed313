// Faults on kind/GKE through the Kubernetes API: a pod deleted with gracePeriodSeconds 0 (killed, no drain) or
// with its own grace period, a rollout restart as `kubectl rollout restart` does it (the pod template's
// restartedAt annotation), the collector scaled to 0 for a while and back, and the service faults sent to every
// running iris pod's fault endpoint through the API server's pod proxy (the endpoint exists only where the pods run
// with IRIS_FAULTS_ENABLED=true: the kind overlay, never GKE).
import {
  PatchStrategy,
  setHeaderOptions,
  type AppsV1Api,
  type CoreV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FAULT_KINDS,
  SERVICE_FAULT_KINDS,
  isServiceFault,
  type Fault,
  type FaultKind,
} from '../../faults/fault-spec';
import {
  FAULT_ENDPOINT_PATH,
  refusalOf,
  serviceFaultPlayed,
  serviceFaultRequest,
} from '../../faults/service-fault-request';
import type { FaultInjection } from '../../target-api/target';
import { describeFailure } from './cluster-errors';
import { HttpStatusError, kubeRequest, podProxyPath } from './kube-http';
import { listIrisPods, type PodState } from './pods';
import { IRIS } from './workload';

export const COLLECTOR = 'otel-collector';
/** The container port of the iris pods (k8s/base/deployment.yaml, port `http`). */
const IRIS_PORT = 8080;

export interface ClusterFaultsOptions {
  kubeConfig: KubeConfig;
  apps: AppsV1Api;
  core: CoreV1Api;
  namespace: string;
  /** how often the recovery after a one-shot fault is polled, and for how long */
  pollMs?: number;
  recoveryTimeoutMs?: number;
}

/** The kinds a cluster plays: the service faults only on kind, whose overlay runs the pods' fault endpoint. */
export function clusterFaultKinds(target: 'kind' | 'gke'): readonly FaultKind[] {
  const service: readonly FaultKind[] = SERVICE_FAULT_KINDS;
  return target === 'kind' ? FAULT_KINDS : FAULT_KINDS.filter((kind) => !service.includes(kind));
}

const elapsed = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

export class ClusterFaults {
  constructor(private readonly options: ClusterFaultsOptions) {}

  async inject(fault: Fault): Promise<FaultInjection> {
    if (isServiceFault(fault)) return this.serviceFault(fault);
    const { core, apps, namespace } = this.options;
    const startedAt = Date.now();
    switch (fault.kind) {
      case 'kill-pod':
      case 'delete-pod': {
        const before = await this.readyPods();
        const victim = oldest(before);
        const kill = fault.kind === 'kill-pod';
        await core.deleteNamespacedPod({
          name: victim.name,
          namespace,
          ...(kill && { gracePeriodSeconds: 0 }),
        });
        return {
          started: kill
            ? `deleted pod ${victim.name} with gracePeriodSeconds 0 (killed, no drain)`
            : `deleted pod ${victim.name} (graceful: its terminationGracePeriodSeconds)`,
          ended: this.recovered(
            (pods) => !pods.some((p) => p.name === victim.name) && pods.length >= before.length,
            startedAt,
            `pod ${victim.name} replaced`,
          ),
        };
      }
      case 'rollout-restart': {
        const before = await this.readyPods();
        await apps.patchNamespacedDeployment(
          {
            name: IRIS,
            namespace,
            body: {
              spec: {
                template: {
                  metadata: {
                    annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() },
                  },
                },
              },
            },
          },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
        );
        return {
          started: `rollout restart of Deployment ${IRIS} (${before.length} ready pods)`,
          ended: this.recovered(
            (pods) =>
              pods.length >= before.length && pods.every((p) => !before.some((b) => b.name === p.name)),
            startedAt,
            'rollout restart done: every pod replaced',
          ),
        };
      }
      case 'collector-down': {
        const scale = await apps.readNamespacedDeploymentScale({ name: COLLECTOR, namespace });
        const replicas = scale.spec?.replicas ?? 1;
        await this.scaleCollector(0);
        return {
          started: `Deployment ${COLLECTOR} scaled ${replicas} → 0: the pods cannot export spans`,
          ended: sleep((fault.durationSeconds ?? 0) * 1000)
            .then(() => this.scaleCollector(replicas))
            .then(
              () => `Deployment ${COLLECTOR} scaled back to ${replicas}`,
              (error: unknown) =>
                `Deployment ${COLLECTOR} could not be scaled back to ${replicas}: ${describeFailure(error)}`,
            ),
        };
      }
    }
    throw new Error(`fault ${fault.kind} is not played on a cluster`);
  }

  private async serviceFault(
    fault: Fault & Parameters<typeof serviceFaultRequest>[0],
  ): Promise<FaultInjection> {
    const pods = (await listIrisPods(this.options.core, this.options.namespace)).filter(
      (pod) => pod.phase === 'Running',
    );
    if (pods.length === 0) throw new Error(`no running ${IRIS} pod to play the fault`);
    const body = serviceFaultRequest(fault);
    const outcomes = await Promise.all(
      pods.map((pod) =>
        kubeRequest(this.options.kubeConfig, {
          method: 'POST',
          path: podProxyPath(this.options.namespace, pod.name, IRIS_PORT, FAULT_ENDPOINT_PATH),
          json: body,
        }).then(
          () => undefined,
          (error: unknown) =>
            error instanceof HttpStatusError
              ? refusalOf(pod.name, error.statusCode, error.body)
              : `${pod.name} unreachable: ${describeFailure(error)}`,
        ),
      ),
    );
    return serviceFaultPlayed(
      fault,
      pods.map((pod) => pod.name),
      outcomes,
    );
  }

  private async readyPods(): Promise<PodState[]> {
    const pods = (await listIrisPods(this.options.core, this.options.namespace)).filter((pod) => pod.ready);
    if (pods.length === 0) throw new Error(`no ready ${IRIS} pod to act on`);
    return pods;
  }

  private scaleCollector(replicas: number): Promise<unknown> {
    return this.options.apps.patchNamespacedDeploymentScale(
      { name: COLLECTOR, namespace: this.options.namespace, body: { spec: { replicas } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  /** Polls the ready pods until `done` holds; says how long it took, or that it did not within the timeout. */
  private async recovered(done: (ready: PodState[]) => boolean, from: number, what: string): Promise<string> {
    const deadline = Date.now() + (this.options.recoveryTimeoutMs ?? 5 * 60_000);
    while (Date.now() < deadline) {
      await sleep(this.options.pollMs ?? 2000);
      const pods = await listIrisPods(this.options.core, this.options.namespace).catch(() => undefined);
      if (pods && done(pods.filter((pod) => pod.ready))) return `${what} after ${elapsed(from)}`;
    }
    return `${what}: not seen within ${elapsed(from)}`;
  }
}

/** The pod ready the longest (earliest start): the one carrying the most connections. */
function oldest(pods: PodState[]): PodState {
  return [...pods].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''))[0];
}
