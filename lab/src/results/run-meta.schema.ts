// JSON schemas of meta.json: format 2 (written today) and format 1 (read and converted). The HPA spec inside is
// checked by the HPA's own validation (hpa-spec-validation.ts), so it is only required to be an object here.

const object = (
  properties: Record<string, object>,
  required: string[] = [],
  additionalProperties: boolean | object = false,
) => ({ type: 'object', additionalProperties, required, properties });
const text = { type: 'string' };
const count = { type: 'integer', minimum: 0 };
const positiveCount = { type: 'integer', minimum: 1 };
const isoTime = { type: 'string', 'x-iso-time': true };
const textList = { type: 'array', items: text };

const stage = object(
  { users: count, spawnRate: { type: 'number', exclusiveMinimum: 0 }, durationSeconds: positiveCount },
  ['users', 'spawnRate', 'durationSeconds'],
);
const userClass = object(
  {
    name: text,
    weight: { type: 'number', exclusiveMinimum: 0 },
    waitTime: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 2, maxItems: 2 },
  },
  ['name', 'weight', 'waitTime'],
);
const taskWeights = object({}, [], { type: 'number', minimum: 0 });
const usersLoad = object(
  {
    kind: { const: 'users' },
    stages: { type: 'array', items: stage, minItems: 1 },
    userClasses: { type: 'array', items: userClass },
    tasks: taskWeights,
  },
  ['kind', 'stages'],
);
const fixedCountLoad = object(
  { kind: { const: 'fixed-count' }, requests: positiveCount, workers: positiveCount },
  ['kind', 'requests', 'workers'],
);

const resourceAmounts = object({ cpuMillicores: { type: 'number', minimum: 0 }, memoryBytes: count });
const quantityMap = object({}, [], { 'x-quantity': true });

/** The conditions of lab/profiles.yaml a run ran under (format 2; absent in folders written before them). */
const conditions = object(
  {
    id: text,
    description: text,
    startupDelayMs: count,
    probes: object({}, [], object({}, [], count)),
    clientTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
    maxRequestsPerSocket: count,
  },
  ['id', 'description', 'startupDelayMs', 'probes', 'clientTimeoutSeconds'],
);

/** The parts formats 1 and 2 share. */
const commonProperties = {
  runId: { type: 'string', minLength: 1 },
  target: { enum: ['local', 'kind', 'gke'] },
  hpa: object({ variant: text, spec: { type: 'object' } }, ['variant', 'spec']),
  modelCost: object({ modelCostMs: { type: 'number', minimum: 0 }, source: text }, ['modelCostMs', 'source']),
  machine: object(
    {
      cpuModel: text,
      cores: count,
      memoryBytes: count,
      os: text,
      nodeVersion: text,
      hostname: text,
    },
    ['cpuModel', 'cores', 'memoryBytes', 'os', 'nodeVersion'],
  ),
  load: object(
    {
      kind: { enum: ['embedded', 'locust'] },
      version: text,
      runtime: text,
      cpu: object(
        { averageCores: { type: 'number', minimum: 0 }, peakCores: { type: 'number', minimum: 0 } },
        ['averageCores', 'peakCores'],
      ),
    },
    ['kind'],
  ),
  cluster: object({ context: text, namespace: text, serverVersion: text, nodes: textList }, [
    'context',
    'namespace',
  ]),
  startedAt: isoTime,
  endedAt: isoTime,
  status: { enum: ['running', 'completed', 'interrupted', 'failed'] },
  missing: { type: 'array', items: object({ part: text, reason: text }, ['part', 'reason']) },
  notes: textList,
};
const commonRequired = [
  'schemaVersion',
  'runId',
  'target',
  'profile',
  'hpa',
  'modelCost',
  'machine',
  'load',
  'startedAt',
  'status',
  'missing',
];

export const runMetaSchema = object(
  {
    ...commonProperties,
    schemaVersion: { const: 2 },
    profile: object({ id: text, description: text, load: { oneOf: [usersLoad, fixedCountLoad] } }, [
      'id',
      'load',
    ]),
    podResources: object({ requests: resourceAmounts, limits: resourceAmounts }),
    conditions,
  },
  commonRequired,
);

/** Format 1: the profile as a flat copy of its profiles.yaml entry, pod resources as Kubernetes quantities. */
export const runMetaV1Schema = object(
  {
    ...commonProperties,
    schemaVersion: { const: 1 },
    profile: object(
      {
        name: text,
        description: text,
        users: count,
        spawnRate: { type: 'number', exclusiveMinimum: 0 },
        durationSeconds: positiveCount,
        stages: { type: 'array', items: stage, minItems: 1 },
        requests: positiveCount,
        workers: positiveCount,
        userMix: object({}, [], { type: 'number', exclusiveMinimum: 0 }),
      },
      ['name'],
    ),
    podResources: object({ requests: quantityMap, limits: quantityMap }),
  },
  commonRequired,
);
