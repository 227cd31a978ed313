import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { HpaDecisionRecord } from '../results/results.types';
import type { CapacityPoint, LoadPoint, PodThrottling, RunSummary, SpanBreakdown } from './report-model';
import {
  atMaxReplicasCpuBound,
  autoscalerIdle,
  cpuThrottled,
  deriveVerdict,
  failuresOnset,
  hpaHeldBack,
  latencyRisingCpuBelowTarget,
  loadGeneratorBusy,
  machineSaturated,
  scaleUpLagFinding,
  spanCoverage,
  type VerdictInput,
} from './verdict';

const summary = (overrides: Partial<RunSummary> = {}): RunSummary => ({
  peakUsers: 150,
  durationSeconds: 60,
  requests: 1000,
  failures: 0,
  failureRatio: 0,
  failureClasses: {},
  throughputRps: 100,
  averageMs: 20,
  medianMs: 18,
  p95Ms: 40,
  p99Ms: 60,
  maxMs: 80,
  startPods: 2,
  maxPodsReady: 4,
  minReplicas: 2,
  maxReplicas: 4,
  cpuTarget: 50,
  peakCpuUtilization: 90,
  firstScaleUpSeconds: 15,
  scaleUpLag: null,
  ...overrides,
});
const capacity = (points: [t: number, ready: number, utilization: number][]): CapacityPoint[] =>
  points.map(([t, ready, utilization]) => ({
    t,
    ready,
    desired: ready,
    utilization,
    target: 50,
    podsCpuMillicores: ready * utilization * 2,
  }));
const load = (p95s: number[], failuresAt = -1): LoadPoint[] =>
  p95s.map((p95, t) => ({
    t,
    users: 100,
    rps: 50,
    failuresPerSecond: t >= failuresAt && failuresAt >= 0 ? 2 : 0,
    p50: p95 / 2,
    p95,
    p99: p95 * 1.2,
  }));
const input = (overrides: Partial<VerdictInput> = {}): VerdictInput => ({
  summary: summary(),
  load: [],
  capacity: [],
  spans: null,
  failures: [],
  failureSamples: [],
  decisions: [],
  modelCostMs: 3,
  machineCores: 2,
  throttling: [],
  cpuLimitMillicores: null,
  loadGenerator: null,
  ...overrides,
});
const throttled = (pod: string, periods: number, throttledPeriods: number): PodThrottling => ({
  pod,
  points: [],
  periods,
  throttledPeriods,
  throttledSeconds: throttledPeriods * 0.08,
});

describe('verdict rules', () => {
  it('CPU throttled: pods throttled in a quarter of their periods or more, at their limit', () => {
    const finding = cpuThrottled(
      input({
        cpuLimitMillicores: 200,
        throttling: [
          throttled('iris-a', 100, 50),
          throttled('iris-b', 100, 30),
          throttled('iris-c', 100, 10),
        ],
      }),
    );
    assert.equal(finding?.severity, 'bottleneck');
    assert.match(
      finding?.text ?? '',
      /^2 of 3 pods were throttled 40% of the time at their 200m limit \(CFS periods throttled; most: iris-a 50%, 6\.4 s held in all\)/,
    );
  });

  it('CPU throttled: silent under a quarter of the periods, with too few periods, or without counters', () => {
    assert.equal(cpuThrottled(input({ throttling: [throttled('iris-a', 100, 24)] })), null);
    assert.equal(cpuThrottled(input({ throttling: [throttled('iris-a', 9, 9)] })), null);
    assert.equal(cpuThrottled(input()), null);
    assert.match(
      cpuThrottled(input({ throttling: [throttled('iris-a', 10, 10)] }))?.text ?? '',
      /^1 pod was throttled 100% of the time at its CPU limit/,
    );
  });

  it('at max replicas and CPU-bound: triggers on two saturated samples, not when below target or below max', () => {
    const saturated = capacity([
      [0, 2, 80],
      [5, 4, 95],
      [10, 4, 90],
    ]);
    const finding = atMaxReplicasCpuBound(input({ capacity: saturated }));
    assert.equal(finding?.severity, 'bottleneck');
    assert.match(
      finding?.text ?? '',
      /At max replicas \(4\) and CPU-bound: utilization averaged 93% .* from t=5 s.*model cost 3 ms/,
    );
    assert.equal(
      atMaxReplicasCpuBound(
        input({
          capacity: capacity([
            [0, 4, 40],
            [5, 4, 45],
          ]),
        }),
      ),
      null,
    );
    assert.equal(
      atMaxReplicasCpuBound(
        input({
          capacity: capacity([
            [0, 3, 95],
            [5, 3, 95],
          ]),
        }),
      ),
      null,
    );
    assert.equal(
      atMaxReplicasCpuBound(input({ capacity: capacity([[0, 4, 95]]) })),
      null,
      'one sample is not enough',
    );
  });

  it('machine saturated: triggers when the pods use ≥ 85 % of the cores twice, never on a cluster', () => {
    // podsCpuMillicores = ready × utilization × 2 (a 200m request): 5 pods at 170 % = 1.70 cores of 2.
    const busy = capacity([
      [0, 2, 100],
      [5, 5, 170],
      [10, 5, 175],
    ]);
    assert.match(
      machineSaturated(input({ capacity: busy }))?.text ?? '',
      /^The machine is the ceiling: the pods together used up to 1\.75 of its 2 cores \(2 samples from t=5 s\)/,
    );
    assert.equal(machineSaturated(input({ capacity: busy, machineCores: null })), null);
    assert.equal(
      machineSaturated(
        input({
          capacity: capacity([
            [0, 5, 160],
            [5, 5, 165],
          ]),
        }),
      ),
      null,
      '1.65 cores < 85 % of 2',
    );
  });

  it('latency rising while CPU below target: triggers only with a real rise, enough history and low CPU', () => {
    const rising = load([...Array(20).fill(30), ...Array(20).fill(40), ...Array(20).fill(120)]);
    const lowCpu = capacity([
      [0, 2, 30],
      [45, 2, 35],
      [55, 2, 30],
    ]);
    assert.match(
      latencyRisingCpuBelowTarget(input({ load: rising, capacity: lowCpu }))?.text ?? '',
      /p95 went from 30 ms to 120 ms, with CPU at 33%/,
    );
    assert.equal(
      latencyRisingCpuBelowTarget(
        input({
          load: rising,
          capacity: capacity([
            [45, 4, 80],
            [55, 4, 90],
          ]),
        }),
      ),
      null,
      'CPU-bound: HPA territory',
    );
    assert.equal(
      latencyRisingCpuBelowTarget(input({ load: load(Array(60).fill(30)), capacity: lowCpu })),
      null,
      'flat latency',
    );
    assert.equal(
      latencyRisingCpuBelowTarget(input({ load: rising.slice(-12), capacity: lowCpu })),
      null,
      'too little history',
    );
  });

  it('scale-up lag: reports the lag, warns when no pod came, says nothing without an over-target sample', () => {
    const lag = {
      overTargetAtSeconds: 10,
      utilization: 80,
      target: 50,
      readyBefore: 2,
      newPodReadyAtSeconds: 32,
      lagSeconds: 22,
      scaledTo: 4,
      allReadyLagSeconds: 25,
    };
    assert.match(
      scaleUpLagFinding(input({ summary: summary({ scaleUpLag: lag }) }))?.text ?? '',
      /^Scale-up lag 22 s: CPU first went over target at t=10 s \(80% vs 50%.*all 4 pods of the first scale-up 25 s after it\.$/,
    );
    assert.match(
      scaleUpLagFinding(input({ summary: summary({ scaleUpLag: { ...lag, allReadyLagSeconds: null } }) }))
        ?.text ?? '',
      /but not all 4 pods of the first scale-up were ready by the end\.$/,
    );
    const stuck = scaleUpLagFinding(
      input({ summary: summary({ scaleUpLag: { ...lag, newPodReadyAtSeconds: null, lagSeconds: null } }) }),
    );
    assert.equal(stuck?.severity, 'warning');
    assert.match(stuck?.text ?? '', /no new pod became ready/);
    assert.equal(scaleUpLagFinding(input()), null);
  });

  it('failures onset: when, with how many users and pods, and the top error; nothing without failures', () => {
    const finding = failuresOnset(
      input({
        summary: summary({ failures: 1234, failureRatio: 0.05 }),
        load: load(Array(10).fill(30), 6),
        capacity: capacity([
          [0, 2, 60],
          [5, 3, 70],
        ]),
        failures: [
          { method: 'POST', name: '/predict', error: 'timeout', occurrences: 4 },
          { method: 'POST', name: '/predict', error: "CatchResponseError('status 503')", occurrences: 1230 },
        ],
      }),
    );
    assert.equal(
      finding?.text,
      "1,234 failed requests (5.00%). Failures began at t=6 s with 100 users and 3 pods ready. Most frequent: POST /predict: CatchResponseError('status 503') (1,230).",
    );
    assert.equal(failuresOnset(input({ load: load([30, 30]) })), null);
  });

  it('HPA held back: the metrics asked for more (within min/max) than the HPA set, with the step that says why', () => {
    const decision = (
      t: number,
      desiredReplicas: number,
      proposal: number,
      steps: string[] = [],
    ): HpaDecisionRecord => ({
      time: '',
      elapsedSeconds: t,
      currentReplicas: 4,
      desiredReplicas,
      proposals: [{ metric: 'cpu', replicas: proposal, utilization: 118, target: 60 }],
      steps,
    });
    const stabilized = 'Stabilization: the lowest recommendation of the last 30 s is 4';
    const decisions = [
      decision(15, 4, 4),
      decision(30, 4, 8, ['cpu: 8 replicas', stabilized]),
      decision(45, 6, 8),
    ];
    assert.equal(
      hpaHeldBack(input({ decisions, summary: summary({ maxReplicas: 10 }) }))?.text,
      `The HPA was held back in 2 of 3 syncs: first at t=30 s, the metrics asked for 8 replicas and it set 4. Why: ${stabilized}`,
    );
    assert.equal(
      hpaHeldBack(input({ decisions })),
      null,
      'maxReplicas 4: the bound, not the behavior, decided',
    );
    assert.equal(
      hpaHeldBack(input({ decisions: [decision(15, 4, 4)], summary: summary({ maxReplicas: 10 }) })),
      null,
    );
  });

  it('autoscaler idle: warns when CPU never passed target+tolerance and pods never grew', () => {
    const idle = summary({ peakCpuUtilization: 54, maxPodsReady: 2 });
    assert.match(
      autoscalerIdle(input({ summary: idle }))?.text ?? '',
      /nothing to do: CPU peaked at 54% .* pods stayed at 2.*model cost \(now 3 ms\)/,
    );
    assert.equal(
      autoscalerIdle(input({ summary: summary({ peakCpuUtilization: 56, maxPodsReady: 2 }) })),
      null,
    );
    assert.equal(
      autoscalerIdle(input({ summary: summary({ peakCpuUtilization: 30, maxPodsReady: 3 }) })),
      null,
    );
  });

  it('span coverage: warns when spans were dropped or root spans miss sampled requests', () => {
    const spans = (
      requestRootSpans: number,
      droppedSpans: number | null,
      samplingRatio = 1,
    ): SpanBreakdown => ({
      rows: [],
      receivedSpans: requestRootSpans * 4,
      droppedSpans,
      requestRootSpans,
      locustPostRequests: 1000,
      samplingRatio,
      expectedRootSpans: 1000 * samplingRatio,
      outsidePredictionShare: null,
      source: 'otlp-receiver',
    });
    assert.match(
      spanCoverage(input({ spans: spans(600, null) }))?.text ?? '',
      /600 request root spans where 1,000 POST requests make 1,000 expected \(60\.0%\)/,
    );
    assert.match(spanCoverage(input({ spans: spans(1000, 12) }))?.text ?? '', /12 spans reported dropped/);
    assert.equal(spanCoverage(input({ spans: spans(990, 0) })), null);
    assert.equal(spanCoverage(input({ spans: spans(97, null, 0.1) })), null, '97 of ~100 sampled is chance');
    assert.match(
      spanCoverage(input({ spans: spans(60, null, 0.1) }))?.text ?? '',
      /60 request root spans where 1,000 POST requests × sampling 0\.1 make 100 expected \(60\.0%\)/,
    );
    assert.equal(spanCoverage(input()), null);
  });

  it('load generator busy: warns when its busiest 5 s took more than a quarter of the machine', () => {
    const busy = loadGeneratorBusy(
      input({ loadGenerator: { averageCores: 0.4, peakCores: 0.6, machineCores: 2 } }),
    );
    assert.equal(busy?.severity, 'warning');
    assert.match(
      busy?.text ?? '',
      /used 0\.60 of the machine's 2 cores in its busiest 5 s \(30 %; 0\.40 cores, 20 %, on average\), more than a quarter/,
    );
    const quarter = { averageCores: 0.3, peakCores: 0.5, machineCores: 2 };
    assert.equal(loadGeneratorBusy(input({ loadGenerator: quarter })), null, 'exactly a quarter is not more');
    assert.equal(
      loadGeneratorBusy(input({ loadGenerator: { ...quarter, machineCores: 8, peakCores: 1.9 } })),
      null,
    );
    assert.equal(
      loadGeneratorBusy(input()),
      null,
      'no warning when the generator did not run on the machine',
    );
  });

  it('orders findings bottlenecks first', () => {
    const findings = deriveVerdict(
      input({
        summary: summary({
          failures: 3,
          failureRatio: 0.003,
          scaleUpLag: {
            overTargetAtSeconds: 5,
            utilization: 80,
            target: 50,
            readyBefore: 2,
            newPodReadyAtSeconds: 9,
            lagSeconds: 4,
            scaledTo: null,
            allReadyLagSeconds: null,
          },
        }),
      }),
    );
    assert.deepEqual(
      findings.map((finding) => finding.rule),
      ['failures-onset', 'scale-up-lag'],
    );
  });
});
