// The HPA as the cluster reports it (autoscaling/v2 status): replicas, per-metric current vs target, conditions.
import type { AutoscalingV2Api, V2HorizontalPodAutoscaler, V2MetricStatus } from '@kubernetes/client-node';
import { resolveReplicaBounds } from '../../hpa/resolve-spec';
import type { HpaMetricSample } from '../../results/results.types';

export interface HpaCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface HpaStatus {
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  metrics: HpaMetricSample[];
  conditions: HpaCondition[];
  lastScaleTime?: string;
}

export async function readHpaStatus(
  api: AutoscalingV2Api,
  namespace: string,
  name: string,
): Promise<HpaStatus> {
  return hpaStatusOf(await api.readNamespacedHorizontalPodAutoscaler({ name, namespace }));
}

export function hpaStatusOf(hpa: V2HorizontalPodAutoscaler): HpaStatus {
  const spec = hpa.spec!;
  const status = hpa.status;
  const current = new Map((status?.currentMetrics ?? []).map((m) => [metricKey(m), m]));
  const metrics = (spec.metrics ?? []).map((metric): HpaMetricSample => {
    const name = metricName(metric);
    const observed = current.get(metricKey(metric));
    return {
      name,
      currentUtilization: utilizationOf(observed),
      targetUtilization:
        metric.resource?.target.averageUtilization ??
        metric.containerResource?.target.averageUtilization ??
        null,
    };
  });
  return {
    currentReplicas: status?.currentReplicas ?? 0,
    desiredReplicas: status?.desiredReplicas ?? 0,
    ...resolveReplicaBounds(spec),
    metrics,
    conditions: (status?.conditions ?? []).map(({ type, status: value, reason, message }) => ({
      type,
      status: value,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    })),
    ...(status?.lastScaleTime ? { lastScaleTime: new Date(status.lastScaleTime).toISOString() } : {}),
  };
}

/** What a metric's spec and status share: its type and the name of what it measures. */
interface MetricLike {
  type: string;
  resource?: { name: string };
  containerResource?: { name: string; container: string };
  pods?: { metric: { name: string } };
  object?: { metric: { name: string } };
  external?: { metric: { name: string } };
}

function metricName(metric: MetricLike): string {
  return (
    metric.resource?.name ??
    (metric.containerResource
      ? `${metric.containerResource.container}/${metric.containerResource.name}`
      : undefined) ??
    metric.pods?.metric.name ??
    metric.object?.metric.name ??
    metric.external?.metric.name ??
    metric.type
  );
}

function metricKey(metric: MetricLike): string {
  return `${metric.type}/${metricName(metric)}`;
}

/** Utilization in % of the request; `<unknown>` (no metrics yet) is null, as kubectl shows it. */
function utilizationOf(metric: V2MetricStatus | undefined): number | null {
  return (
    metric?.resource?.current.averageUtilization ??
    metric?.containerResource?.current.averageUtilization ??
    null
  );
}
