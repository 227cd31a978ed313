// The explain document → controller input: conversions, defaults, and every problem with its JSON path.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { HorizontalPodAutoscalerSpec } from '../hpa-api';
import { ExplainInputError, parseExplainInput } from './explain-input';

const SPEC: HorizontalPodAutoscalerSpec = {
  scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris' },
  maxReplicas: 5,
  metrics: [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
  ],
};
const POD = {
  name: 'a',
  cpuRequest: '200m',
  cpuUsage: '150.5m',
  ready: true,
  phase: 'Running',
  startTime: '2026-03-01T09:00:00Z',
};
const CLOCK = () => Date.parse('2026-03-01T10:00:00Z');

const parse = (document: object) => parseExplainInput(JSON.stringify(document), CLOCK);
const problemsOf = (
  document: object | string,
  variant?: Parameters<typeof parseExplainInput>[2],
): string[] => {
  try {
    parseExplainInput(typeof document === 'string' ? document : JSON.stringify(document), CLOCK, variant);
  } catch (error) {
    assert.ok(error instanceof ExplainInputError, String(error));
    return error.problems;
  }
  assert.fail('the input was accepted');
};

describe('parseExplainInput', () => {
  it('converts quantities to millicores and bytes (rounded up) and times to epoch milliseconds', () => {
    const { input } = parse({
      hpa: SPEC,
      currentReplicas: 1,
      now: '2026-03-01T10:00:00Z',
      pods: [
        {
          ...POD,
          memoryRequest: '256Mi',
          memoryUsage: '100Mi',
          readyTime: '2026-03-01T09:00:05Z',
          metricsTime: '2026-03-01T09:59:50Z',
        },
      ],
    });
    assert.deepEqual(input.pods[0], {
      name: 'a',
      phase: 'Running',
      ready: true,
      startTime: Date.parse('2026-03-01T09:00:00Z'),
      readyTransitionTime: Date.parse('2026-03-01T09:00:05Z'),
      metricsTime: Date.parse('2026-03-01T09:59:50Z'),
      deleting: false,
      requests: { cpu: 200, memory: 256 * 1024 * 1024 },
      usage: { cpu: 151, memory: 100 * 1024 * 1024 },
    });
    assert.equal(input.now, Date.parse('2026-03-01T10:00:00Z'));
  });

  it('defaults: now from the clock, readyTime = startTime, no usage = missing metric, empty histories', () => {
    const { input, hpaSource } = parse({
      hpa: SPEC,
      currentReplicas: 1,
      pods: [{ ...POD, cpuUsage: undefined }],
    });
    assert.equal(input.now, CLOCK());
    assert.equal(input.pods[0].readyTransitionTime, input.pods[0].startTime);
    assert.deepEqual(input.pods[0].usage, {});
    assert.deepEqual([input.scaleEvents, input.recommendations], [[], []]);
    assert.equal(hpaSource, 'input');
  });

  it('accepts a whole HorizontalPodAutoscaler object as well as its spec', () => {
    const object = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'iris' },
      spec: SPEC,
    };
    assert.deepEqual(parse({ hpa: object, currentReplicas: 1, pods: [POD] }).input.spec, SPEC);
  });

  it('takes the HPA from a manifest variant when one is given', () => {
    const request = parseExplainInput(JSON.stringify({ currentReplicas: 1, pods: [POD] }), CLOCK, {
      spec: { ...SPEC, maxReplicas: 3 },
      source: 'report-004 (files)',
    });
    assert.equal(request.input.spec.maxReplicas, 3);
    assert.equal(request.hpaSource, 'report-004 (files)');
  });

  it("orders scale events by time and takes each one's starting count from the one before", () => {
    const { input } = parse({
      hpa: SPEC,
      currentReplicas: 4,
      pods: [POD],
      scaleEvents: [
        { time: '2026-03-01T09:59:30Z', replicas: 4 },
        { time: '2026-03-01T09:59:00Z', replicas: 2, from: 1 },
      ],
    });
    assert.deepEqual(input.scaleEvents, [
      { time: Date.parse('2026-03-01T09:59:00Z'), from: 1, to: 2 },
      { time: Date.parse('2026-03-01T09:59:30Z'), from: 2, to: 4 },
    ]);
  });

  it('reports schema problems with their JSON paths, including those of the HPA spec', () => {
    const problems = problemsOf({
      hpa: { ...SPEC, maxReplicas: 0 },
      currentReplicas: 'two',
      now: 'yesterday',
      pods: [{ ...POD, cpuRequest: '200 m', phase: 'Sleeping', colour: 'red' }],
    });
    assert.deepEqual(problems, [
      '$.currentReplicas: must be integer',
      '$.now: must be an ISO-8601 date-time such as "2026-03-01T10:00:00Z"',
      '$.pods[0]: unknown field "colour"',
      '$.pods[0].cpuRequest: "200 m" is not a Kubernetes quantity (examples: 200m, 0.5, 128Mi, 1Gi, 2e3)',
      '$.pods[0].phase: must be one of "Pending", "Running", "Succeeded", "Failed", "Unknown"',
      '$.hpa.maxReplicas: must be >= 1',
    ]);
  });

  it('reports what a schema cannot see: negative amounts, times after now, duplicate names, unknown starting counts', () => {
    const problems = problemsOf({
      hpa: SPEC,
      currentReplicas: 1,
      pods: [
        { ...POD, cpuUsage: '-5m' },
        { ...POD, startTime: '2026-03-01T11:00:00Z' },
      ],
      scaleEvents: [{ time: '2026-03-01T09:00:00Z', replicas: 2 }],
    });
    assert.deepEqual(problems, [
      '$.pods[0].cpuUsage: "-5m" is negative',
      '$.pods[1].startTime: 2026-03-01T11:00:00Z is after now (2026-03-01T10:00:00.000Z)',
      '$.pods[1].name: "a" is used by another pod',
      '$.scaleEvents[0].from: missing (the replica count before the earliest event)',
    ]);
  });

  it('reports a missing HPA, an HPA given twice, the wrong kind, and text that is not JSON', () => {
    assert.deepEqual(problemsOf({ currentReplicas: 1, pods: [] }), [
      '$.hpa: missing (an HPA object or its spec), or pass --hpa-variant',
    ]);
    assert.deepEqual(problemsOf({ hpa: SPEC, currentReplicas: 1, pods: [] }, { spec: SPEC, source: 'x' }), [
      '$.hpa: remove it, or drop --hpa-variant (the HPA comes from one place)',
    ]);
    assert.deepEqual(problemsOf({ hpa: { kind: 'Deployment', spec: SPEC }, currentReplicas: 1, pods: [] }), [
      '$.hpa.kind: expected HorizontalPodAutoscaler, found "Deployment"',
    ]);
    assert.match(problemsOf('{"currentReplicas": 1,')[0], /^\$: not valid JSON/);
  });
});
