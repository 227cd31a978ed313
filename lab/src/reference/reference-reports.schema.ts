// JSON Schema of lab/reference-reports.yaml (checked with the lab's ajv helper, hpa/schema-validation): the reference
// reports' published figures, each with the section it sits in and the report's words around it.
const figure = (value: object): object => ({
  type: 'object',
  required: ['value', 'section', 'quote'],
  properties: {
    value,
    section: { type: 'string', minLength: 1 },
    quote: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
});

const count = figure({ type: 'integer', minimum: 0 });
const amount = figure({ type: 'number', minimum: 0 });
const percent = figure({ type: 'number', minimum: 0, maximum: 100 });
const quantity = figure({ type: 'string', 'x-quantity': true });

const figures = (properties: Record<string, object>): object => ({
  type: 'object',
  properties,
  additionalProperties: false,
});

const conditions = figures({
  initialReplicas: count,
  cpuRequest: quantity,
  cpuLimit: quantity,
  memoryRequest: quantity,
  memoryLimit: quantity,
  /** Report 004 gives a pod's memory without saying whether it is the request or the limit. */
  memoryPerPod: quantity,
  minReplicas: count,
  maxReplicas: count,
  cpuTargetPercent: percent,
  memoryTargetPercent: percent,
  scaleUpWindowSeconds: amount,
  scaleDownWindowSeconds: amount,
});

const load = figures({ users: count, spawnRate: amount, requests: count, workers: count });

const results = figures({
  durationSeconds: amount,
  requests: count,
  succeeded: count,
  successPercent: percent,
  failed: count,
  failurePercent: percent,
  throughputRps: amount,
  averageMs: amount,
  medianMs: amount,
  p95Ms: amount,
  p99Ms: amount,
  maxMs: amount,
  podsStart: count,
  podsMax: count,
  firstScaleUpSeconds: amount,
  peakCpuPercent: amount,
});

const id = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' };

const experiment = {
  type: 'object',
  required: ['description', 'profile', 'load', 'results'],
  properties: {
    description: { type: 'string', minLength: 1 },
    profile: { type: 'string', minLength: 1 },
    load,
    results,
  },
  additionalProperties: false,
};

const report = {
  type: 'object',
  required: ['title', 'platform', 'conditions', 'experiments'],
  properties: {
    title: { type: 'string', minLength: 1 },
    platform: { type: 'string', minLength: 1 },
    conditions,
    experiments: { type: 'object', propertyNames: id, additionalProperties: experiment, minProperties: 1 },
  },
  additionalProperties: false,
};

export const referenceReportsSchema = {
  type: 'object',
  required: ['reports'],
  properties: {
    reports: {
      type: 'object',
      propertyNames: { type: 'string', pattern: '^report-[0-9]{3}$' },
      additionalProperties: report,
      minProperties: 1,
    },
  },
  additionalProperties: false,
};
