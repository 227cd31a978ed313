// JSON Schema of lab/profiles.yaml (draft-07, checked with ajv): the one file every path reads.
import { HPA_VARIANTS } from '@iris-lab/service/contracts';

const featureVector = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 };
const positiveInteger = { type: 'integer', minimum: 1 };

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
  required: ['userClasses', 'tasks', 'profiles', 'irisInputs', 'modelCostMs', 'maxRequestsPerSocket'],
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
    profiles: { type: 'object', minProperties: 1, additionalProperties: profile },
  },
  additionalProperties: false,
} as const;
