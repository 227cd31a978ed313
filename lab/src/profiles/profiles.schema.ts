// JSON Schema of lab/profiles.yaml (draft-07, checked with ajv): the one file every path reads.
import { HPA_VARIANTS } from '@iris-lab/service/contracts';

const featureVector = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 };
const positiveInteger = { type: 'integer', minimum: 1 };

// Kubernetes quantities as the manifests write them, checked by the manifests' own parser (conditions.ts).
const quantity = { type: 'string' };
const resourceAmounts = {
  type: 'object',
  properties: { cpu: quantity, memory: quantity },
  additionalProperties: false,
  minProperties: 1,
};
/** Probe timings merged over the manifest's probe; the endpoint stays the manifest's. */
const probeTimings = {
  type: 'object',
  properties: {
    initialDelaySeconds: { type: 'integer', minimum: 0 },
    periodSeconds: positiveInteger,
    timeoutSeconds: positiveInteger,
    successThreshold: positiveInteger,
    failureThreshold: positiveInteger,
  },
  additionalProperties: false,
  minProperties: 1,
};

/** The service's STARTUP_DELAY_MS range (service/src/config/environment.rules.ts). */
export const MAX_STARTUP_DELAY_MS = 600_000;
/** A client timeout beyond an hour is a mistake, not a condition. */
export const MAX_CLIENT_TIMEOUT_SECONDS = 3600;

const conditions = {
  type: 'object',
  required: ['description', 'clientTimeoutSeconds'],
  properties: {
    description: { type: 'string' },
    hpa: { enum: [...HPA_VARIANTS] },
    resources: {
      type: 'object',
      properties: { requests: resourceAmounts, limits: resourceAmounts },
      additionalProperties: false,
      minProperties: 1,
    },
    startupDelayMs: { type: 'integer', minimum: 0, maximum: MAX_STARTUP_DELAY_MS },
    maxRequestsPerSocket: { type: 'integer', minimum: 0 },
    startupProbe: probeTimings,
    readinessProbe: probeTimings,
    livenessProbe: probeTimings,
    clientTimeoutSeconds: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: MAX_CLIENT_TIMEOUT_SECONDS,
    },
  },
  additionalProperties: false,
};

const stage = {
  type: 'object',
  required: ['users', 'spawnRate', 'durationSeconds'],
  properties: {
    users: positiveInteger,
    spawnRate: { type: 'number', exclusiveMinimum: 0 },
    durationSeconds: positiveInteger,
  },
  additionalProperties: false,
};

const profile = {
  type: 'object',
  required: ['description', 'hpa'],
  properties: {
    description: { type: 'string' },
    hpa: { enum: [...HPA_VARIANTS] },
    users: positiveInteger,
    spawnRate: { type: 'number', exclusiveMinimum: 0 },
    durationSeconds: positiveInteger,
    userMix: {
      type: 'object',
      additionalProperties: { type: 'number', exclusiveMinimum: 0 },
      minProperties: 1,
    },
    stages: { type: 'array', items: stage, minItems: 1 },
    requests: positiveInteger,
    workers: positiveInteger,
    modelCostMs: { type: 'number', minimum: 0 },
    maxRequestsPerSocket: { type: 'integer', minimum: 0 },
    /** faults played during the run, in the grammar of lab/src/faults/fault-spec.ts (e.g. `kill-pod@30s`) */
    faults: { type: 'array', items: { type: 'string' } },
  },
  additionalProperties: false,
  oneOf: [
    {
      required: ['users', 'spawnRate', 'durationSeconds', 'userMix'],
      not: { anyOf: [{ required: ['stages'] }, { required: ['requests'] }] },
    },
    {
      required: ['stages', 'userMix'],
      not: { anyOf: [{ required: ['users'] }, { required: ['requests'] }] },
    },
    {
      required: ['requests', 'workers'],
      not: { anyOf: [{ required: ['users'] }, { required: ['stages'] }] },
    },
  ],
};

export const profilesSchema = {
  type: 'object',
  required: [
    'userClasses',
    'tasks',
    'profiles',
    'irisInputs',
    'modelCostMs',
    'maxRequestsPerSocket',
    'conditions',
  ],
  properties: {
    userClasses: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['waitTime'],
        properties: {
          waitTime: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 2, maxItems: 2 },
          description: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
    tasks: {
      type: 'object',
      required: ['predict', 'predictBatch', 'modelCard'],
      additionalProperties: { type: 'number', minimum: 0 },
    },
    irisInputs: {
      type: 'object',
      required: ['setosa', 'versicolor', 'virginica'],
      additionalProperties: {
        type: 'object',
        required: ['mean', 'sd', 'min', 'max'],
        properties: { mean: featureVector, sd: featureVector, min: featureVector, max: featureVector },
        additionalProperties: false,
      },
    },
    modelCostMs: { type: 'number', minimum: 0 },
    maxRequestsPerSocket: { type: 'integer', minimum: 0 },
    conditions: { type: 'object', required: ['lab'], additionalProperties: conditions },
    profiles: { type: 'object', minProperties: 1, additionalProperties: profile },
  },
  additionalProperties: false,
} as const;
