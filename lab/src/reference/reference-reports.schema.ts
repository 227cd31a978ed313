// JSON Schema of lab/reference-reports.yaml (checked with the lab's ajv helper, hpa/schema-validation): the reference
// reports' published figures, each with the section it sits in and the report's words around it.

/** An object of exactly these fields, the `required` ones mandatory. */
const fields = (properties: Record<string, object>, required: string[] = []): object => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});
const text = { type: 'string', minLength: 1 };

const figure = (value: object): object =>
  fields({ value, section: text, quote: text }, ['value', 'section', 'quote']);

const count = figure({ type: 'integer', minimum: 0 });
const amount = figure({ type: 'number', minimum: 0 });
const percent = figure({ type: 'number', minimum: 0, maximum: 100 });
const quantity = figure({ type: 'string', 'x-quantity': true });

const conditions = fields({
  initialReplicas: count,
  cpuRequest: quantity,
  cpuLimit: quantity,
  memoryRequest: quantity,
  memoryLimit: quantity,
  /** Report 004 gives a pod's CPU and memory without saying whether they are the request or the limit. */
  cpuPerPod: quantity,
  memoryPerPod: quantity,
  minReplicas: count,
  maxReplicas: count,
  cpuTargetPercent: percent,
  memoryTargetPercent: percent,
  scaleUpWindowSeconds: amount,
  scaleDownWindowSeconds: amount,
  /** How long a new pod took from its start to readiness, at the earliest and at the latest. */
  readyAfterStartMinSeconds: amount,
  readyAfterStartMaxSeconds: amount,
  /** When the load tool gave up on a request (the report's longest response, marked as timeouts). */
  clientTimeoutMs: amount,
});

const load = fields({ users: count, spawnRate: amount, requests: count, workers: count });

const results = fields({
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

const experiment = fields({ description: text, profile: text, load, results }, [
  'description',
  'profile',
  'load',
  'results',
]);

const report = fields(
  {
    title: text,
    platform: text,
    conditions,
    experiments: { type: 'object', propertyNames: id, additionalProperties: experiment, minProperties: 1 },
  },
  ['title', 'platform', 'conditions', 'experiments'],
);

export const referenceReportsSchema = fields(
  {
    reports: {
      type: 'object',
      propertyNames: { type: 'string', pattern: '^report-[0-9]{3}$' },
      additionalProperties: report,
      minProperties: 1,
    },
  },
  ['reports'],
);
