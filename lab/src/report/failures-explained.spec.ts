import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { FailureSample } from './failure-circumstances';
import { explainFailures } from './failures-explained';

const at = (t: number, fields: Partial<FailureSample>): FailureSample => ({
  t,
  from: t - 5,
  failures: {},
  throttledPods: [],
  throttlingRecorded: true,
  startingPods: 0,
  terminatingPods: 0,
  ready: 2,
  desired: 2,
  activeFaults: [],
  saturatedMachineMillicores: null,
  ...fields,
});
const throttled = (...shares: number[]) =>
  shares.map((share, i) => ({ pod: `iris-${i}`, throttledShare: share }));

describe('explainFailures', () => {
  it('nothing failed: no finding', () => {
    assert.equal(explainFailures({}, [at(5, {})]), null);
  });

  it('ties the main class to throttled pods and new pods not ready at the time', () => {
    const samples = [
      at(5, {}),
      at(10, {
        failures: { 'client-timeout': 40, 'connection-reset': 5 },
        throttledPods: throttled(0.5, 0.3),
        startingPods: 3,
        ready: 2,
        desired: 5,
      }),
      at(15, {
        failures: { 'client-timeout': 31, 'connection-reset': 24 },
        throttledPods: throttled(0.4, 0.4),
        startingPods: 1,
        ready: 4,
        desired: 5,
      }),
      at(20, { failures: {}, terminatingPods: 1 }),
    ];
    const finding = explainFailures({ 'client-timeout': 71, 'connection-reset': 29 }, samples);
    assert.equal(finding?.rule, 'failures-explained');
    assert.equal(finding?.severity, 'bottleneck');
    assert.equal(
      finding?.text,
      '71 % of failures (71) were client timeouts, at t=10–15 s, while 2 pods were CPU-throttled 40 % of the ' +
        'time (CFS periods) and 3 new pods were not ready yet (2 of 5 desired ready). ' +
        '29 % of failures (29) were reset connections, at t=10–15 s, while 2 pods were CPU-throttled 40 % of ' +
        'the time (CFS periods) and 3 new pods were not ready yet (2 of 5 desired ready).',
    );
  });

  it('names a circumstance only when it held for most of that class’s failures', () => {
    const samples = [
      at(10, { failures: { 'connection-reset': 1 }, terminatingPods: 2, activeFaults: ['kill-pod@9s'] }),
      at(15, { failures: { 'connection-reset': 9 }, terminatingPods: 1, activeFaults: ['kill-pod@9s'] }),
      at(20, { failures: { 'http-503-unready': 2 } }),
      at(25, { failures: { 'http-503-unready': 8 }, saturatedMachineMillicores: 1820 }),
    ];
    const text = explainFailures({ 'connection-reset': 10, 'http-503-unready': 10 }, samples)?.text ?? '';
    assert.match(
      text,
      /^50 % of failures \(10\) were reset connections, at t=10–15 s, while 2 pods were terminating and fault kill-pod@9s was active\./,
    );
    assert.match(
      text,
      /50 % of failures \(10\) were 503s from pods not ready or draining, at t=20–25 s, while the machine was saturated \(the pods used up to 1\.82 cores\)\.$/,
    );
  });

  it('says when nothing recorded explains a class, and what was not recorded', () => {
    const samples = [at(10, { failures: { 'http-5xx': 3 }, throttlingRecorded: false })];
    assert.equal(
      explainFailures({ 'http-5xx': 3 }, samples)?.text,
      '100 % of failures (3) were other 5xx errors, at t=10 s, with no throttled, unready or terminating pod, ' +
        'fault or saturated machine recorded then. CPU throttling was not recorded in this run (no CFS ' +
        'counters: no CPU limit enforced or read).',
    );
  });

  it('explains at most three classes, those with a tenth of the failures or more', () => {
    const totals = {
      'client-timeout': 50,
      'connection-refused': 20,
      'connection-reset': 15,
      'http-4xx': 10,
      other: 5,
    };
    const text = explainFailures(totals, [])?.text ?? '';
    assert.match(text, /client timeouts\. .*refused connections\. .*reset connections\. /);
    assert.doesNotMatch(text, /4xx|other failures/);
  });

  it('results without failures per sample: the shares, and why they are not lined up with the timeline', () => {
    assert.equal(
      explainFailures({ other: 4 }, [])?.text,
      '100 % of failures (4) were other failures (answers the client rejected). The timeline has no failures ' +
        'per sample for this run, so they cannot be lined up with what the pods were doing.',
    );
  });
});
