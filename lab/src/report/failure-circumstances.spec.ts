import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { PodObservation, ScaleEventRecord, TimelineSample } from '../results/results.types';
import { failureCircumstances, faultWindows } from './failure-circumstances';

type Counters = { cpuCfsPeriods?: number; cpuCfsThrottledPeriods?: number };
const pod = (name: string, fields: Partial<PodObservation> & Counters = {}): PodObservation => ({
  name,
  phase: 'Running',
  ready: true,
  cpuMillicores: 200,
  memoryBytes: null,
  ...fields,
});
const sample = (t: number, pods: PodObservation[], extra: Partial<TimelineSample> = {}): TimelineSample => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, t)).toISOString(),
  elapsedSeconds: t,
  replicas: { desired: pods.length, current: pods.length, ready: pods.filter((p) => p.ready).length },
  cpuUtilization: { current: 100, target: 60 },
  pods,
  ...extra,
});
const event = (t: number, kind: string, fault?: string): ScaleEventRecord =>
  ({
    time: '',
    elapsedSeconds: t,
    kind,
    source: 'lab',
    message: `${kind} ${fault}`,
    fault,
  }) as ScaleEventRecord;

describe('failureCircumstances', () => {
  it('keeps only samples that recorded failures by class', () => {
    const samples = failureCircumstances(
      [sample(5, [pod('a')]), sample(10, [pod('a')], { failures: {} })],
      [],
      null,
    );
    assert.deepEqual(
      samples.map((s) => s.t),
      [10],
    );
  });

  it('throttled pods from the CFS counters of the interval, not since the pod started', () => {
    const timeline = [
      sample(
        5,
        [pod('a', { cpuCfsPeriods: 50, cpuCfsThrottledPeriods: 40 }), pod('b', { cpuCfsPeriods: 50 })],
        {
          failures: {},
        },
      ),
      sample(
        10,
        [
          // 10 of 50 periods throttled in the interval: 20 %, although 50 of 100 since start
          pod('a', { cpuCfsPeriods: 100, cpuCfsThrottledPeriods: 50 }),
          // 2 of 50: below the threshold
          pod('b', { cpuCfsPeriods: 100, cpuCfsThrottledPeriods: 2 }),
          // new pod: counted from its start
          pod('c', { cpuCfsPeriods: 10, cpuCfsThrottledPeriods: 9 }),
        ],
        { failures: { 'client-timeout': 4 } },
      ),
    ];
    const [first, second] = failureCircumstances(timeline, [], null);
    assert.deepEqual(first.throttledPods, [{ pod: 'a', throttledShare: 0.8 }]);
    assert.deepEqual(second.throttledPods, [
      { pod: 'a', throttledShare: 0.2 },
      { pod: 'c', throttledShare: 0.9 },
    ]);
    assert.equal(second.throttlingRecorded, true);
  });

  it('no CFS counters: throttling not recorded, none claimed', () => {
    const [only] = failureCircumstances([sample(5, [pod('a')], { failures: { other: 1 } })], [], null);
    assert.equal(only.throttlingRecorded, false);
    assert.deepEqual(only.throttledPods, []);
  });

  it('counts new pods not ready apart from terminating ones', () => {
    const [only] = failureCircumstances(
      [
        sample(
          5,
          [
            pod('a'),
            pod('b', { ready: false, phase: 'Running' }),
            pod('c', { ready: false, phase: 'Pending' }),
            pod('d', { ready: false, phase: 'Terminating' }),
          ],
          { failures: { 'connection-reset': 2 } },
        ),
      ],
      [],
      null,
    );
    assert.equal(only.startingPods, 2);
    assert.equal(only.terminatingPods, 1);
    assert.equal(only.ready, 1);
    assert.equal(only.desired, 4);
  });

  it('open fault windows overlap the interval ending at a sample', () => {
    const events = [
      event(12, 'fault-start', 'slow-model:50ms@12s+6s'),
      event(18, 'fault-end', 'slow-model:50ms@12s+6s'),
      event(31, 'fault-start', 'kill-pod@31s'),
      event(31, 'fault-end', 'kill-pod@31s'),
      event(40, 'fault-start', 'cpu-burn:500m@40s+1m'),
      event(41, 'scale-up'),
    ];
    const windows = faultWindows(events);
    assert.deepEqual(windows, [
      { label: 'slow-model:50ms@12s+6s', from: 12, to: 18 },
      { label: 'kill-pod@31s', from: 31, to: 31 },
      { label: 'cpu-burn:500m@40s+1m', from: 40, to: Infinity },
    ]);
    const timeline = [10, 15, 20, 25, 30, 35, 45].map((t) =>
      sample(t, [pod('a')], { failures: { other: 1 } }),
    );
    const active = failureCircumstances(timeline, events, null).map((s) => [s.t, s.activeFaults]);
    assert.deepEqual(active, [
      [10, []],
      [15, ['slow-model:50ms@12s+6s']],
      [20, ['slow-model:50ms@12s+6s']],
      [25, []],
      [30, []],
      [35, ['kill-pod@31s']],
      [45, ['cpu-burn:500m@40s+1m']],
    ]);
  });

  it('the machine saturated when the pods use most of its cores (embedded lab only)', () => {
    const busy = sample(5, [pod('a', { cpuMillicores: 900 }), pod('b', { cpuMillicores: 850 })], {
      failures: { 'client-timeout': 1 },
    });
    const idle = sample(10, [pod('a', { cpuMillicores: 300 })], { failures: { 'client-timeout': 1 } });
    const [hot, cool] = failureCircumstances([busy, idle], [], 2);
    assert.equal(hot.saturatedMachineMillicores, 1750);
    assert.equal(cool.saturatedMachineMillicores, null);
    assert.equal(failureCircumstances([busy], [], null)[0].saturatedMachineMillicores, null, 'a cluster');
  });
});
