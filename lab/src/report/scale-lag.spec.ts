import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ScaleEventRecord, TimelineSample } from '../results/results.types';
import { measureScaleUpLag } from './scale-lag';

const sample = (t: number, ready: number, utilization: number | null): TimelineSample => ({
  time: new Date(t * 1000).toISOString(),
  elapsedSeconds: t,
  replicas: { desired: ready, current: ready, ready },
  cpuUtilization: { current: utilization, target: 50 },
  pods: [],
});
const podReady = (t: number): ScaleEventRecord => ({
  time: '',
  elapsedSeconds: t,
  kind: 'pod-ready',
  source: 'kubelet',
  message: '',
});

describe('measureScaleUpLag', () => {
  it('measures from the first sample beyond target+10 % to the first sample with more ready pods', () => {
    const lag = measureScaleUpLag(
      [sample(0, 2, 40), sample(5, 2, 54), sample(10, 2, 56), sample(15, 2, 90), sample(30, 4, 45)],
      [],
    );
    assert.deepEqual(lag, {
      overTargetAtSeconds: 10,
      utilization: 56,
      target: 50,
      readyBefore: 2,
      newPodReadyAtSeconds: 30,
      lagSeconds: 20,
      scaledTo: null,
      allReadyLagSeconds: null,
    });
  });

  it('also measures until every pod of the first scale-up is ready, from events or samples', () => {
    const scaleUp: ScaleEventRecord = {
      time: '',
      elapsedSeconds: 12,
      kind: 'scale-up',
      from: 2,
      to: 5,
      source: 'hpa',
      message: '',
    };
    const timeline = [
      sample(0, 2, 40),
      sample(10, 2, 90),
      sample(20, 3, 80),
      sample(25, 4, 70),
      sample(30, 5, 55),
    ];
    const lag = measureScaleUpLag(timeline, [scaleUp, podReady(18), podReady(21), podReady(26.5)]);
    assert.deepEqual([lag?.lagSeconds, lag?.scaledTo, lag?.allReadyLagSeconds], [8, 5, 16.5]);
    const fromSamplesOnly = measureScaleUpLag(timeline, [scaleUp]);
    assert.deepEqual([fromSamplesOnly?.lagSeconds, fromSamplesOnly?.allReadyLagSeconds], [10, 20]);
    assert.equal(
      measureScaleUpLag(timeline.slice(0, 4), [scaleUp])?.allReadyLagSeconds,
      null,
      'the fifth pod never came',
    );
  });

  it('uses an earlier pod-ready event when the timeline saw the pod later', () => {
    const lag = measureScaleUpLag([sample(0, 2, 80), sample(20, 3, 60)], [podReady(17.5), podReady(-1)]);
    assert.equal(lag?.lagSeconds, 17.5);
  });

  it('is null when CPU never went over target (missing metrics included) and open-ended when no pod came', () => {
    assert.equal(measureScaleUpLag([sample(0, 2, 50), sample(5, 2, 55), sample(10, 2, null)], []), null);
    assert.equal(measureScaleUpLag([sample(0, 2, 90), sample(5, 2, 95)], [])?.lagSeconds, null);
  });
});
