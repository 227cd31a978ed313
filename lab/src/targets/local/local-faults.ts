// The embedded lab's faults: pods killed or deleted through the ReplicaSet, a rollout restart following the
// Deployment's strategy, the OTLP receiver stopped for a while (the pods' exporters then drop spans, counted at the
// end as for any run), and the service faults sent to the fault endpoint of every pod whose container runs (ready
// or not: a pod out of the endpoints after readiness-fail still takes a fault).
import { setTimeout as sleep } from 'node:timers/promises';
import { isServiceFault, type Fault } from '../../faults/fault-spec';
import {
  FAULT_ENDPOINT_PATH,
  refusalOf,
  serviceFaultPlayed,
  serviceFaultRequest,
} from '../../faults/service-fault-request';
import type { RollingUpdate } from '../../manifests/deployment-manifest';
import type { FaultInjection } from '../../target-api/target';
import type { Pod } from './pods/pod';
import type { ReplicaSet } from './pods/replica-set';

/** The lab's stand-in for the collector: stopped and started again on the same port. */
export interface CollectorControl {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface LocalFaultsOptions {
  replicaSet: ReplicaSet;
  rollingUpdate: RollingUpdate;
  collector: CollectorControl;
}

const seconds = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

export class LocalFaults {
  constructor(private readonly options: LocalFaultsOptions) {}

  async inject(fault: Fault): Promise<FaultInjection> {
    if (isServiceFault(fault)) return this.serviceFault(fault);
    const { replicaSet } = this.options;
    const startedAt = Date.now();
    switch (fault.kind) {
      case 'kill-pod': {
        const pod = this.victim();
        await pod.killContainerNow();
        return {
          started: `killed the container of pod ${pod.name} (SIGKILL, no drain); the kubelet restarts it`,
          ended: pod.whenReady().then(
            () => `pod ${pod.name} ready again ${seconds(startedAt)} after the kill`,
            (error: Error) => `pod ${pod.name} did not recover: ${error.message}`,
          ),
        };
      }
      case 'delete-pod': {
        const pod = this.victim();
        const deleted = replicaSet.deletePod(pod.name);
        return {
          started: `deleted pod ${pod.name} (graceful: out of the endpoints, preStop, SIGTERM); the ReplicaSet replaces it`,
          ended: deleted.then(
            () => `pod ${pod.name} gone ${seconds(startedAt)} after its deletion`,
            (error: Error) => `deleting pod ${pod.name} failed: ${error.message}`,
          ),
        };
      }
      case 'rollout-restart': {
        const { maxSurge, maxUnavailable } = this.options.rollingUpdate;
        const before = replicaSet.pods().length;
        return {
          started: `rollout restart of ${before} pods (maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable})`,
          ended: replicaSet.rollingRestart(this.options.rollingUpdate).then(
            () => `rollout restart done in ${seconds(startedAt)}`,
            (error: Error) => `rollout restart stopped: ${error.message}`,
          ),
        };
      }
      case 'collector-down': {
        await this.options.collector.stop();
        return {
          started: 'OTLP receiver (the collector) stopped: the pods cannot export spans',
          ended: sleep((fault.durationSeconds ?? 0) * 1000)
            .then(() => this.options.collector.start())
            .then(
              () => 'OTLP receiver back on its port; spans lost meanwhile count as dropped',
              (error: Error) => `OTLP receiver could not start again: ${error.message}`,
            ),
        };
      }
    }
    throw new Error(`fault ${fault.kind} is not played by the embedded lab`);
  }

  /** The oldest ready pod: the one carrying the most connections, as a chaos tool's random pick often is. */
  private victim(): Pod {
    const pod = this.options.replicaSet.readyPods()[0];
    if (!pod) throw new Error('no ready pod to act on');
    return pod;
  }

  private async serviceFault(
    fault: Fault & Parameters<typeof serviceFaultRequest>[0],
  ): Promise<FaultInjection> {
    const pods = this.options.replicaSet.pods().filter((pod) => pod.snapshot().pid !== undefined);
    if (pods.length === 0) throw new Error('no pod with a running container to play the fault');
    const body = JSON.stringify(serviceFaultRequest(fault));
    const outcomes = await Promise.all(
      pods.map(async (pod) => {
        const response = await fetch(`http://127.0.0.1:${pod.port}${FAULT_ENDPOINT_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(5000),
        }).catch((error: Error) => error);
        if (response instanceof Error) return `${pod.name} unreachable: ${response.message}`;
        return response.ok ? undefined : refusalOf(pod.name, response.status, await response.text());
      }),
    );
    return serviceFaultPlayed(
      fault,
      pods.map((pod) => pod.name),
      outcomes,
    );
  }
}
