// The autoscaling/v2 HorizontalPodAutoscaler spec as written in a manifest (k8s/base/hpa.yaml): the shape the
// manifest reader returns and `lab hpa explain` accepts. Quantities stay as written ("200m", "256Mi").
// The lab's controller supports Resource metrics (cpu, memory), the only ones metrics-server provides.

export type QuantityText = string | number;

export interface CrossVersionObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
}

export type ResourceName = 'cpu' | 'memory';

export interface MetricTarget {
  type: 'Utilization' | 'AverageValue';
  /** Percent of the pods' request, for type Utilization. */
  averageUtilization?: number;
  /** Per-pod average, for type AverageValue. */
  averageValue?: QuantityText;
}

export interface ResourceMetricSpec {
  type: 'Resource';
  resource: { name: ResourceName; target: MetricTarget };
}

export type MetricSpec = ResourceMetricSpec;

export interface HpaScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface HpaScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: SelectPolicy;
  policies?: HpaScalingPolicy[];
  /** Per-direction tolerance (Kubernetes 1.33+, feature HPAConfigurableTolerance), e.g. "0.05". */
  tolerance?: QuantityText;
}

export interface HpaBehavior {
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
}

export interface HorizontalPodAutoscalerSpec {
  scaleTargetRef: CrossVersionObjectReference;
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: HpaBehavior;
}
