// The HPA of the embedded lab: every sync period, the lab's autoscaling/v2 controller (lab/src/hpa) gets the pods
// (status + metrics-server samples) and decides; a rescale goes to the ReplicaSet. Every decision is recorded
// with its steps, as `kubectl describe hpa` events and conditions would tell them.
import type { HorizontalPodAutoscalerSpec, MetricResult, PodSample, ScaleDecision } from '../../hpa';
import { HpaLoop } from '../../hpa';
import type { PodUsage } from '../../metrics/pod-usage';
import type { PodStatus } from './pods/pod';
import type { ResourceRequests } from '../../workload/pod-spec';
import type { HpaMetricSample } from '../../results/results.types';
import type { TargetRecorder } from '../../target-api/target';

export interface ScaledWorkload {
  pods(): PodStatus[];
  metrics(): PodUsage[];
  currentReplicas(): number;
  scale(replicas: number): void;
}

export class LocalAutoscaler {
  private readonly loop: HpaLoop;
  private timer: NodeJS.Timeout | undefined;
  private last: ScaleDecision | undefined;

  constructor(
    readonly spec: HorizontalPodAutoscalerSpec,
    private readonly requests: ResourceRequests,
    private readonly workload: ScaledWorkload,
    private readonly recorder: TargetRecorder,
    metricWindowSeconds: number,
  ) {
    this.loop = new HpaLoop(spec, { metricWindowSeconds });
  }

  start(): void {
    this.sync();
    this.timer = setInterval(() => this.sync(), this.loop.syncPeriodMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The HPA's status.currentMetrics after the last sync (what `kubectl get hpa` shows). */
  currentMetrics(): HpaMetricSample[] {
    return (this.spec.metrics ?? []).map((metric) => {
      const result = this.last?.metrics.find((m) => m.resource === metric.resource.name);
      return {
        name: metric.resource.name,
        currentUtilization: result?.currentUtilization ?? null,
        targetUtilization: metric.resource.target.averageUtilization ?? null,
      };
    });
  }

  sync(): void {
    const now = Date.now();
    const metrics = new Map(this.workload.metrics().map((m) => [m.pod, m]));
    const pods = this.workload
      .pods()
      .map((status) => podSample(status, this.requests, metrics.get(status.name)));
    const decision = this.loop.sync(now, this.workload.currentReplicas(), pods);
    this.last = decision;
    this.recorder.decision({
      currentReplicas: decision.currentReplicas,
      desiredReplicas: decision.desiredReplicas,
      proposals: decision.metrics.map(proposal),
      steps: decision.steps.map((s) => s.text),
      reason:
        decision.conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True')?.reason ??
        decision.conditions.at(-1)?.reason,
    });
    if (!decision.rescale) return;
    const up = decision.desiredReplicas > decision.currentReplicas;
    this.recorder.event({
      kind: up ? 'scale-up' : 'scale-down',
      from: decision.currentReplicas,
      to: decision.desiredReplicas,
      source: 'hpa',
      message: `New size: ${decision.desiredReplicas}; reason: ${decision.reason}`,
    });
    this.workload.scale(decision.desiredReplicas);
  }
}

function podSample(status: PodStatus, requests: ResourceRequests, metrics: PodUsage | undefined): PodSample {
  return {
    name: status.name,
    phase: status.phase,
    ready: status.ready && !status.terminating,
    startTime: status.startedAt,
    readyTransitionTime: status.readyAt ?? status.startedAt,
    deleting: status.terminating,
    requests: { cpu: requests.cpuMillicores, memory: requests.memoryBytes },
    usage: metrics ? { cpu: metrics.cpuMillicores, memory: metrics.memoryBytes } : {},
    metricsTime: metrics?.timestamp,
  };
}

function proposal(metric: MetricResult): {
  metric: string;
  replicas: number;
  utilization: number | null;
  target: number | null;
} {
  return {
    metric: metric.resource,
    replicas: metric.proposal ?? 0,
    utilization: metric.currentUtilization ?? null,
    target: metric.targetType === 'Utilization' ? metric.target : null,
  };
}
