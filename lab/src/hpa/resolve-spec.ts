// Applies the API server's defaults to an HPA spec (what `kubectl get hpa -o yaml` would show) and parses its
// quantities, so the controller works on complete numbers. Each default applied is reported for the steps.
import { parseQuantity } from '../manifests/quantity';
import type { ControllerOptions } from './controller-types';
import {
  DEFAULT_CPU_UTILIZATION,
  DEFAULT_MIN_REPLICAS,
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  type DefaultRules,
} from './defaults';
import type {
  HorizontalPodAutoscalerSpec,
  HpaScalingPolicy,
  HpaScalingRules,
  MetricSpec,
  ResourceName,
  SelectPolicy,
} from './hpa-api';

export interface ResolvedRules {
  stabilizationWindowSeconds: number;
  selectPolicy: SelectPolicy;
  policies: HpaScalingPolicy[];
  tolerance: number;
}

export interface ResolvedMetric {
  resource: ResourceName;
  targetType: 'Utilization' | 'AverageValue';
  /** Percent for Utilization; milli-units (millicores, bytes × 1000) for AverageValue. */
  target: number;
  description: string;
}

export interface ResolvedSpec {
  minReplicas: number;
  maxReplicas: number;
  metrics: ResolvedMetric[];
  /** Undefined when the spec has no behavior: the controller then uses its built-in rules. */
  behavior?: { scaleUp: ResolvedRules; scaleDown: ResolvedRules };
  tolerances: { scaleUp: number; scaleDown: number };
  /** One sentence per default the API server would fill in. */
  defaultsApplied: string[];
}

const DEFAULT_METRICS: MetricSpec[] = [
  {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } },
  },
];

/** The replica bounds the controller keeps to: every reader of an HPA spec takes minReplicas from here. */
export function resolveReplicaBounds(
  spec: Pick<HorizontalPodAutoscalerSpec, 'minReplicas' | 'maxReplicas'>,
): {
  minReplicas: number;
  maxReplicas: number;
} {
  return { minReplicas: spec.minReplicas ?? DEFAULT_MIN_REPLICAS, maxReplicas: spec.maxReplicas };
}

/** The metrics the controller scales on: the spec's, or cpu at the default utilization when it sets none. */
export function resolveMetricSpecs(spec: Pick<HorizontalPodAutoscalerSpec, 'metrics'>): MetricSpec[] {
  return spec.metrics && spec.metrics.length > 0 ? spec.metrics : DEFAULT_METRICS;
}

/**
 * The cpu utilization target the spec sets, in percent of the request; null when it sets none (the plan and the
 * report then say nothing about cpu rather than assume the API default for a spec without metrics).
 */
export function cpuUtilizationTarget(spec: Pick<HorizontalPodAutoscalerSpec, 'metrics'>): number | null {
  const cpu = spec.metrics?.find(
    (metric) => metric.resource.name === 'cpu' && metric.resource.target.type === 'Utilization',
  );
  return cpu?.resource.target.averageUtilization ?? null;
}

export function resolveSpec(spec: HorizontalPodAutoscalerSpec, options: ControllerOptions): ResolvedSpec {
  const defaultsApplied: string[] = [];
  const { minReplicas } = resolveReplicaBounds(spec);
  if (spec.minReplicas === undefined)
    defaultsApplied.push(`minReplicas is not set: ${DEFAULT_MIN_REPLICAS}.`);
  if (!spec.metrics || spec.metrics.length === 0)
    defaultsApplied.push(`no metrics: cpu at ${DEFAULT_CPU_UTILIZATION} % of requests.`);
  const metrics = resolveMetricSpecs(spec).map(resolveMetric);
  if (!spec.behavior) {
    defaultsApplied.push(
      'no behavior: the built-in rules apply (scale-up at most max(2 × current, 4) per sync, ' +
        `scale-down stabilized over ${options.downscaleStabilizationWindowSeconds} s).`,
    );
    return {
      minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics,
      tolerances: { scaleUp: options.tolerance, scaleDown: options.tolerance },
      defaultsApplied,
    };
  }
  const downDefaults = {
    ...DEFAULT_SCALE_DOWN_RULES,
    stabilizationWindowSeconds: options.downscaleStabilizationWindowSeconds,
  };
  const scaleUp = resolveRules(
    'scaleUp',
    spec.behavior.scaleUp,
    DEFAULT_SCALE_UP_RULES,
    options,
    defaultsApplied,
  );
  const scaleDown = resolveRules(
    'scaleDown',
    spec.behavior.scaleDown,
    downDefaults,
    options,
    defaultsApplied,
  );
  return {
    minReplicas,
    maxReplicas: spec.maxReplicas,
    metrics,
    behavior: { scaleUp, scaleDown },
    tolerances: { scaleUp: scaleUp.tolerance, scaleDown: scaleDown.tolerance },
    defaultsApplied,
  };
}

function resolveMetric(metric: MetricSpec): ResolvedMetric {
  const { name, target } = metric.resource;
  if (target.type === 'Utilization') {
    if (target.averageUtilization === undefined) {
      throw new Error(`the ${name} metric has target type Utilization but no averageUtilization`);
    }
    return {
      resource: name,
      targetType: 'Utilization',
      target: target.averageUtilization,
      description: `${name} resource utilization (percentage of request)`,
    };
  }
  if (target.averageValue === undefined) {
    throw new Error(`the ${name} metric has target type AverageValue but no averageValue`);
  }
  return {
    resource: name,
    targetType: 'AverageValue',
    target: parseQuantity(target.averageValue).milliValue,
    description: `${name} resource`,
  };
}

function resolveRules(
  direction: 'scaleUp' | 'scaleDown',
  rules: HpaScalingRules | undefined,
  defaults: DefaultRules,
  options: ControllerOptions,
  defaultsApplied: string[],
): ResolvedRules {
  const filled: string[] = [];
  const pick = <T>(field: string, value: T | undefined, fallback: T): T => {
    if (value !== undefined) return value;
    filled.push(field);
    return fallback;
  };
  const resolved: ResolvedRules = {
    stabilizationWindowSeconds: pick(
      'stabilizationWindowSeconds',
      rules?.stabilizationWindowSeconds,
      defaults.stabilizationWindowSeconds ?? 0,
    ),
    selectPolicy: pick('selectPolicy', rules?.selectPolicy, defaults.selectPolicy),
    policies: pick('policies', rules?.policies, defaults.policies),
    tolerance:
      rules?.tolerance === undefined ? options.tolerance : parseQuantity(rules.tolerance).approximate,
  };
  if (filled.length > 0) {
    defaultsApplied.push(`behavior.${direction}: default ${filled.join(', ')} (${describeRules(resolved)}).`);
  }
  return resolved;
}

export function describeRules(rules: ResolvedRules): string {
  const policies = rules.policies
    .map((policy) =>
      policy.type === 'Pods'
        ? `${policy.value} pods per ${policy.periodSeconds} s`
        : `${policy.value} % per ${policy.periodSeconds} s`,
    )
    .join(', ');
  return `window ${rules.stabilizationWindowSeconds} s, selectPolicy ${rules.selectPolicy}, policies: ${policies || 'none'}`;
}
