// JSON schemas of the records of a results folder (timeline.jsonl, hpa-decisions.jsonl, events.jsonl,
// spans-summary.json): the reader checks each record, so a hand-edited or truncated file is named, not
// misread. They describe results.types.ts; formats 1 and 2 share them.
import { FAILURE_CLASSES } from './failures/failure-class';

const object = (properties: Record<string, object>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
const text = { type: 'string' };
const number = { type: 'number' };
const nullableNumber = { type: 'number', nullable: true };
const count = { type: 'integer', minimum: 0 };
const isoTime = { type: 'string', 'x-iso-time': true };
const stamp = { time: isoTime, elapsedSeconds: number };

export const timelineSampleSchema = object(
  {
    ...stamp,
    replicas: object({ desired: count, current: count, ready: count }, ['desired', 'current', 'ready']),
    cpuUtilization: object({ current: nullableNumber, target: nullableNumber }, ['current', 'target']),
    hpaMetrics: {
      type: 'array',
      items: object({ name: text, currentUtilization: nullableNumber, targetUtilization: nullableNumber }, [
        'name',
        'currentUtilization',
        'targetUtilization',
      ]),
    },
    pods: {
      type: 'array',
      items: object(
        {
          name: text,
          phase: { enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown', 'Terminating'] },
          ready: { type: 'boolean' },
          startedAt: isoTime,
          readyAt: isoTime,
          cpuMillicores: nullableNumber,
          memoryBytes: nullableNumber,
          cpuCfsPeriods: count,
          cpuCfsThrottledPeriods: count,
          cpuCfsThrottledSeconds: { type: 'number', minimum: 0 },
        },
        ['name', 'phase', 'ready', 'cpuMillicores', 'memoryBytes'],
      ),
    },
    load: object({ users: count, requestsPerSecond: number, failuresPerSecond: number }, [
      'users',
      'requestsPerSecond',
      'failuresPerSecond',
    ]),
    failures: object(Object.fromEntries(FAILURE_CLASSES.map((failureClass) => [failureClass, count])), []),
  },
  ['time', 'elapsedSeconds', 'replicas', 'cpuUtilization', 'pods'],
);

export const hpaDecisionSchema = object(
  {
    ...stamp,
    currentReplicas: count,
    desiredReplicas: count,
    proposals: {
      type: 'array',
      items: object({ metric: text, replicas: count, utilization: nullableNumber, target: nullableNumber }, [
        'metric',
        'replicas',
        'utilization',
        'target',
      ]),
    },
    steps: { type: 'array', items: text },
    limitedBy: text,
    reason: text,
  },
  ['time', 'elapsedSeconds', 'currentReplicas', 'desiredReplicas', 'steps'],
);

export const scaleEventSchema = object(
  {
    ...stamp,
    kind: {
      enum: [
        'scale-up',
        'scale-down',
        'pod-created',
        'pod-ready',
        'pod-not-ready',
        'pod-terminating',
        'pod-deleted',
        'pod-oom-killed',
        'fault-start',
        'fault-end',
        'fault-failed',
        'other',
      ],
    },
    from: count,
    to: count,
    pod: text,
    source: text,
    message: text,
    fault: text,
  },
  ['time', 'elapsedSeconds', 'kind', 'source', 'message'],
);

const spanNameSummary = object(
  {
    name: text,
    kind: text,
    count,
    errorCount: count,
    meanMs: number,
    p50Ms: number,
    p95Ms: number,
    p99Ms: number,
    maxMs: number,
    totalMs: number,
    histogram: text,
  },
  [
    'name',
    'kind',
    'count',
    'errorCount',
    'meanMs',
    'p50Ms',
    'p95Ms',
    'p99Ms',
    'maxMs',
    'totalMs',
    'histogram',
  ],
);

export const spanSummarySchema = object(
  {
    receivedSpans: count,
    droppedSpans: { type: 'integer', minimum: 0, nullable: true },
    requestRootSpans: count,
    requestTimeMs: number,
    source: text,
    sampling: text,
    names: { type: 'array', items: spanNameSummary },
  },
  ['receivedSpans', 'droppedSpans', 'requestRootSpans', 'requestTimeMs', 'source', 'names'],
);
