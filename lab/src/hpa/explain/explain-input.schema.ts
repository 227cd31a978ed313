// JSON schema of `lab hpa explain` input: a what-if for one sync of the HPA controller. The `hpa` object is
// checked separately against the HPA spec schema (it may be a whole HorizontalPodAutoscaler or just its spec).

const ISO_TIME = { 'x-iso-time': true };
const QUANTITY = { 'x-quantity': true };
const COUNT = { type: 'integer', minimum: 0 };
const SECONDS = { type: 'number', minimum: 0 };

export const explainInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['currentReplicas', 'pods'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    hpa: { type: 'object' },
    currentReplicas: COUNT,
    now: ISO_TIME,
    pods: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'cpuRequest', 'ready', 'phase', 'startTime'],
        properties: {
          name: { type: 'string', minLength: 1 },
          cpuRequest: QUANTITY,
          memoryRequest: QUANTITY,
          cpuUsage: QUANTITY,
          memoryUsage: QUANTITY,
          ready: { type: 'boolean' },
          phase: { enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] },
          startTime: ISO_TIME,
          readyTime: ISO_TIME,
          metricsTime: ISO_TIME,
          deleting: { type: 'boolean' },
        },
      },
    },
    scaleEvents: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['time', 'replicas'],
        properties: { time: ISO_TIME, replicas: COUNT, from: COUNT },
      },
    },
    recommendations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['time', 'replicas'],
        properties: { time: ISO_TIME, replicas: COUNT },
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tolerance: { type: 'number', minimum: 0 },
        cpuInitializationPeriodSeconds: SECONDS,
        initialReadinessDelaySeconds: SECONDS,
        downscaleStabilizationWindowSeconds: SECONDS,
        syncPeriodSeconds: { type: 'number', exclusiveMinimum: 0 },
        metricWindowSeconds: SECONDS,
      },
    },
  },
} as const;
