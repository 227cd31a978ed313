// Scaling events of the run, as `kubectl get events` shows them: the HPA's SuccessfulRescale (and its warnings),
// the Deployment's ScalingReplicaSet, and the pods' Scheduled / Killing / readiness-probe failures. Each event
// is reported once (an event that repeats is reported again when its count grows).
import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import type { ScaleEventKind, ScaleEventRecord } from '../../results/results.types';

export type ClusterEvent = Omit<ScaleEventRecord, 'elapsedSeconds'>;

const NEW_SIZE = /New size: (\d+)/;

export class ScaleEventWatch {
  private readonly seen = new Set<string>();

  constructor(
    private readonly api: CoreV1Api,
    private readonly namespace: string,
    private readonly since: Date,
    /** replicas before the first rescale, to tell up from down */
    private lastSize: number,
  ) {}

  /** Events that appeared since the last call, oldest first. */
  async poll(): Promise<ClusterEvent[]> {
    const list = await this.api.listNamespacedEvent({ namespace: this.namespace });
    const fresh: ClusterEvent[] = [];
    for (const event of [...list.items].sort((a, b) => timeOf(a) - timeOf(b))) {
      if (timeOf(event) < this.since.getTime()) continue;
      const key = `${event.metadata.uid ?? event.metadata.name}#${event.count ?? 1}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const record = this.recordOf(event);
      if (record) fresh.push(record);
    }
    return fresh;
  }

  private recordOf(event: CoreV1Event): ClusterEvent | undefined {
    const object = event.involvedObject;
    const base = {
      time: new Date(timeOf(event)).toISOString(),
      message: event.message ?? event.reason ?? '',
    };
    if (object.kind === 'HorizontalPodAutoscaler') {
      const size = NEW_SIZE.exec(event.message ?? '');
      if (event.reason === 'SuccessfulRescale' && size) {
        const to = Number(size[1]);
        const from = this.lastSize;
        this.lastSize = to;
        return { ...base, kind: to >= from ? 'scale-up' : 'scale-down', from, to, source: 'hpa' };
      }
      return { ...base, kind: 'other', source: 'hpa' };
    }
    if (object.kind === 'Deployment' && object.name === 'iris')
      return { ...base, kind: 'other', source: 'deployment' };
    if (object.kind === 'Pod' && object.name?.startsWith('iris-')) {
      const kind = podEventKind(event);
      return kind
        ? { ...base, kind, pod: object.name, source: event.source?.component ?? 'kubelet' }
        : undefined;
    }
    return undefined;
  }
}

function podEventKind(event: CoreV1Event): ScaleEventKind | undefined {
  if (event.reason === 'Scheduled') return 'pod-created';
  if (event.reason === 'Killing') return 'pod-terminating';
  if (event.reason === 'Unhealthy' && /readiness/i.test(event.message ?? '')) return 'pod-not-ready';
  return undefined;
}

function timeOf(event: CoreV1Event): number {
  const time =
    event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return time ? new Date(time).getTime() : 0;
}
