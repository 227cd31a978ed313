// Every default of the HPA in one place, each from its Kubernetes source:
// - controller flags: kube-controller-manager (pkg/controller/podautoscaler/config/v1alpha1/defaults.go);
// - API defaults: pkg/apis/autoscaling/v2/defaults.go (minReplicas 1, cpu 80 %, the behavior rules below);
// - metricWindowSeconds: metrics-server's default resolution (--metric-resolution=15s).
import type { ControllerOptions } from './controller-types';
import type { HpaScalingPolicy, SelectPolicy } from './hpa-api';

export const DEFAULT_CONTROLLER_OPTIONS: ControllerOptions = {
  tolerance: 0.1,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
  downscaleStabilizationWindowSeconds: 300,
  syncPeriodSeconds: 15,
  metricWindowSeconds: 15,
};

export const DEFAULT_MIN_REPLICAS = 1;
export const DEFAULT_CPU_UTILIZATION = 80;

export interface DefaultRules {
  stabilizationWindowSeconds?: number;
  selectPolicy: SelectPolicy;
  policies: HpaScalingPolicy[];
}

/** scaleUp when behavior is set but scaleUp (or one of its fields) is not: max(+4 pods, +100 %) per 15 s. */
export const DEFAULT_SCALE_UP_RULES: DefaultRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

/** scaleDown likewise: -100 % per 15 s; its window comes from the controller's downscale stabilization flag. */
export const DEFAULT_SCALE_DOWN_RULES: DefaultRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** Without any behavior the controller caps a scale-up at max(2 × current, 4) per sync (horizontal.go). */
export const LEGACY_SCALE_UP_FACTOR = 2;
export const LEGACY_SCALE_UP_MINIMUM = 4;
