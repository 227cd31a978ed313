// The HPA bounds and cpu target the report shows, as the controller resolves them from the run's spec.
import type { HorizontalPodAutoscalerSpec } from '../hpa';
import { cpuUtilizationTarget, resolveReplicaBounds } from '../hpa/resolve-spec';

export function hpaSpecFields(spec: HorizontalPodAutoscalerSpec): {
  minReplicas: number;
  maxReplicas: number;
  cpuTarget: number | null;
} {
  return { ...resolveReplicaBounds(spec), cpuTarget: cpuUtilizationTarget(spec) };
}
