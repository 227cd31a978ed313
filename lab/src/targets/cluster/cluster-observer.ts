// Observing a run on the cluster: the HPA's status (and its decisions, read from it), the pods and their metrics,
// the scale events, the Jaeger traces, and whether the collector is there. A part the cluster lacks becomes one
// `missing` note. Preparing and restoring the cluster is cluster-preparation.ts.
import type { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { SERVICE_NAME } from '@iris-lab/service/contracts';
import type { PodObservation, RunTarget } from '../../results/results.types';
import type { TargetObservation, TargetRecorder } from '../../target-api/target';
import { describeFailure, MissingPartError, statusOf } from './cluster-errors';
import type { ClusterApis } from './cluster-preparation';
import { readHpaStatus, type HpaStatus } from './hpa-status';
import { JaegerQuery } from './jaeger-traces';
import { readPodUsage } from './pod-metrics';
import { listIrisPods } from './pods';
import { ScaleEventWatch } from './scale-events';
import { IRIS } from './workload';

export interface ClusterObserverOptions {
  name: Extract<RunTarget, 'kind' | 'gke'>;
  kubeConfig: KubeConfig;
  namespace: string;
  /** most traces read back from Jaeger */
  traceLimit?: number;
  serviceName?: string;
}

export class ClusterObserver {
  private recorder?: TargetRecorder;
  private events?: ScaleEventWatch;
  private readonly missingNoted = new Set<string>();
  private readonly readyPods = new Set<string>();
  private lastDecision = '';

  constructor(
    private readonly apis: ClusterApis & { custom: CustomObjectsApi },
    private readonly options: ClusterObserverOptions,
  ) {}

  attach(recorder: TargetRecorder): void {
    this.recorder = recorder;
  }

  /** After the preparation: the pods already ready, and scale events from now on. */
  async begin(replicas: number): Promise<void> {
    const { namespace } = this.options;
    for (const pod of await listIrisPods(this.apis.core, namespace))
      if (pod.ready) this.readyPods.add(pod.name);
    this.events = new ScaleEventWatch(this.apis.core, namespace, new Date(), replicas);
  }

  async observe(): Promise<TargetObservation> {
    const { namespace } = this.options;
    const [hpa, pods, usage] = await Promise.all([
      readHpaStatus(this.apis.autoscaling, namespace, IRIS).catch((error: unknown) =>
        this.absent('hpa', error),
      ),
      listIrisPods(this.apis.core, namespace),
      this.missingNoted.has('metrics')
        ? undefined
        : readPodUsage(this.apis.custom, namespace).catch((error: unknown) => this.absent('metrics', error)),
    ]);
    const samples: PodObservation[] = pods.map((pod) => ({
      ...pod,
      cpuMillicores: usage?.get(pod.name)?.cpuMillicores ?? null,
      memoryBytes: usage?.get(pod.name)?.memoryBytes ?? null,
    }));
    this.recordPodReadiness(samples);
    await this.recordEvents();
    if (hpa) this.recordDecision(hpa);
    const cpu = hpa?.metrics.find((m) => m.name === 'cpu');
    const ready = samples.filter((p) => p.ready).length;
    return {
      replicas: {
        desired: hpa?.desiredReplicas ?? samples.length,
        current: hpa?.currentReplicas ?? samples.filter((p) => p.phase !== 'Terminating').length,
        ready,
      },
      cpuUtilization: { current: cpu?.currentUtilization ?? null, target: cpu?.targetUtilization ?? null },
      hpaMetrics: hpa?.metrics ?? [],
      pods: samples,
    };
  }

  /** The spans of the load's window, from Jaeger; undefined (and a `missing` note) when there are none to read. */
  async spanSummary(start: Date, loadEndedAt: Date | undefined) {
    const query = new JaegerQuery(this.options.kubeConfig, this.options.namespace);
    const end = loadEndedAt ?? new Date();
    try {
      return await query.summary({
        service: this.options.serviceName ?? SERVICE_NAME,
        start,
        end,
        limit: this.options.traceLimit ?? 2000,
      });
    } catch (error) {
      this.absent('traces', this.options.name === 'gke' ? onGke(error, start, end) : error);
      return undefined;
    }
  }

  async checkCollector(): Promise<void> {
    const { namespace } = this.options;
    try {
      const collector = await this.apis.apps.readNamespacedDeployment({ name: 'otel-collector', namespace });
      if (!collector.status?.readyReplicas)
        this.missing('collector', 'the OpenTelemetry Collector has no ready pod: spans will be missing');
    } catch (error) {
      this.missing('collector', `no OpenTelemetry Collector Deployment (${describeFailure(error)})`);
    }
  }

  /** Notes a part the cluster lacks, once. */
  missing(part: string, reason: string): void {
    if (this.missingNoted.has(part)) return;
    this.missingNoted.add(part);
    this.recorder?.missing(part, reason);
  }

  /** Notes a missing part (once) and yields undefined; anything that is not a missing part is rethrown. */
  private absent(part: string, error: unknown): undefined {
    if (error instanceof MissingPartError) this.missing(error.part, error.reason);
    else if (part === 'hpa' && statusOf(error) === 404)
      this.missing('hpa', `HPA ${IRIS} not found in the cluster`);
    else throw error;
    return undefined;
  }

  private recordPodReadiness(pods: PodObservation[]): void {
    for (const pod of pods) {
      if (pod.ready && !this.readyPods.has(pod.name)) {
        this.readyPods.add(pod.name);
        this.recorder?.event({
          kind: 'pod-ready',
          pod: pod.name,
          source: 'kubelet',
          message: `${pod.name} ready at ${pod.readyAt ?? 'unknown time'}`,
        });
      }
      if (!pod.ready) this.readyPods.delete(pod.name);
    }
  }

  private async recordEvents(): Promise<void> {
    if (!this.events || this.missingNoted.has('events')) return;
    try {
      for (const event of await this.events.poll()) {
        const { time, ...record } = event;
        this.recorder?.event({ ...record, message: `${record.message} (at ${time})` });
      }
    } catch (error) {
      this.missing('events', `cannot list events (${describeFailure(error)})`);
    }
  }

  /** The cluster HPA's decisions are seen through its status: a record whenever desired replicas or conditions change. */
  private recordDecision(hpa: HpaStatus): void {
    const metrics = hpa.metrics.map(
      (m) =>
        `${m.name}: ${m.currentUtilization ?? '<unknown>'}% of request (target ${m.targetUtilization ?? '?'}%)`,
    );
    const conditions = hpa.conditions.map(
      (c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
    );
    const steps = [...metrics, ...conditions];
    const key = `${hpa.currentReplicas}->${hpa.desiredReplicas} ${conditions.join('|')}`;
    if (key === this.lastDecision) return;
    this.lastDecision = key;
    const limited = hpa.conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
    const active = hpa.conditions.find((c) => c.type === 'ScalingActive');
    this.recorder?.decision({
      currentReplicas: hpa.currentReplicas,
      desiredReplicas: hpa.desiredReplicas,
      steps: steps.length > 0 ? steps : ['no conditions reported yet'],
      ...(limited?.reason ? { limitedBy: limited.reason } : {}),
      ...((limited ?? active)?.reason ? { reason: (limited ?? active)!.reason } : {}),
    });
  }
}

/** The GKE overlay has no Jaeger: its collector exports to Cloud Trace, where the run's spans are. */
export function onGke(error: unknown, start: Date, end: Date): unknown {
  if (!(error instanceof MissingPartError)) return error;
  return new MissingPartError(
    'traces',
    `${error.reason}; the GKE overlay sends traces to Cloud Trace (no Jaeger): ` +
      `see the run window ${start.toISOString()} – ${end.toISOString()} there`,
  );
}
