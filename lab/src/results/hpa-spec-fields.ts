// Reads the few HPA spec fields the report and the model cost plan need from a spec typed `unknown` (meta.json,
// a target's description).

interface SpecShape {
  minReplicas?: unknown;
  maxReplicas?: unknown;
  metrics?: Array<{ type?: string; resource?: { name?: string; target?: { averageUtilization?: unknown } } }>;
}

const asNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export function hpaSpecFields(spec: unknown): {
  minReplicas: number | null;
  maxReplicas: number | null;
  cpuTarget: number | null;
} {
  const shape = (typeof spec === 'object' && spec !== null ? spec : {}) as SpecShape;
  const cpu = Array.isArray(shape.metrics)
    ? shape.metrics.find((metric) => metric?.type === 'Resource' && metric.resource?.name === 'cpu')
    : undefined;
  return {
    // Kubernetes defaults minReplicas to 1.
    minReplicas: asNumber(shape.minReplicas) ?? (shape.maxReplicas !== undefined ? 1 : null),
    maxReplicas: asNumber(shape.maxReplicas),
    cpuTarget: asNumber(cpu?.resource?.target?.averageUtilization),
  };
}
