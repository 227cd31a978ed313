// The fault runner over a recording target: faults played at their time after the swarm's start, `lab fault`
// ones at once or later (never in the past), each start, end and failure an event naming its spec. Jest's fake
// clock drives the swarm's time, so a busy machine cannot move a fault across its due time.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, jest } from '@jest/globals';
import { parseFault, type Fault } from '../faults/fault-spec';
import type { ScaleEventRecord } from '../results/results.types';
import type { FaultInjection, TargetRecorder } from '../target-api/target';
import { FaultRunner } from './fault-runner';

function recordingRun(play: (fault: Fault) => Promise<FaultInjection>) {
  const events: Array<Omit<ScaleEventRecord, 'time' | 'elapsedSeconds'>> = [];
  const recorder: TargetRecorder = {
    decision: () => undefined,
    event: (record) => events.push(record),
    missing: () => undefined,
    note: () => undefined,
    log: () => undefined,
  };
  return { runner: new FaultRunner({ injectFault: play }, recorder), events };
}

const summary = (events: Array<{ kind: string; fault?: string; message: string }>) =>
  events.map(({ kind, fault, message }) => `${kind} ${fault}: ${message}`);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('FaultRunner', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('plays the scheduled faults in order of their time, recording start and end', async () => {
    const { runner, events } = recordingRun(async (fault) => ({
      started: `started ${fault.kind}`,
      ended: sleep(20).then(() => `ended ${fault.kind}`),
    }));
    runner.start([parseFault('delete-pod@0.1s'), parseFault('kill-pod@0s')]);
    await jest.advanceTimersByTimeAsync(400);
    runner.stop();
    assert.deepEqual(summary(events), [
      'fault-start kill-pod@0s: started kill-pod',
      'fault-end kill-pod@0s: ended kill-pod',
      'fault-start delete-pod@0.1s: started delete-pod',
      'fault-end delete-pod@0.1s: ended delete-pod',
    ]);
  });

  it('takes `lab fault` at once, or later in the swarm, and refuses a time already past', async () => {
    const { runner, events } = recordingRun(async () => ({
      started: 'in place',
      ended: new Promise(() => undefined),
    }));
    await assert.rejects(
      runner.inject(parseFault('kill-pod', { atRequired: false })),
      /the swarm has not started yet/,
    );
    runner.start([]);
    assert.equal(await runner.inject(parseFault('kill-pod', { atRequired: false })), 'in place');
    assert.match(await runner.inject(parseFault('delete-pod@0.2s')), /scheduled at 0.2 s of the swarm/);
    await jest.advanceTimersByTimeAsync(150);
    assert.deepEqual(summary(events), ['fault-start kill-pod: in place']);
    await assert.rejects(
      runner.inject(parseFault('kill-pod@0.1s')),
      /@0.1 s is past: the swarm has been running for/,
    );
    await jest.advanceTimersByTimeAsync(50);
    runner.stop();
    await assert.rejects(runner.inject(parseFault('kill-pod', { atRequired: false })), /the run is stopping/);
    assert.deepEqual(summary(events), [
      'fault-start kill-pod: in place',
      'fault-start delete-pod@0.2s: in place',
      'fault-end kill-pod: the run ended while it played',
      'fault-end delete-pod@0.2s: the run ended while it played',
    ]);
  });

  it('records a fault the target cannot play, with the reason', async () => {
    const { runner, events } = recordingRun(() => Promise.reject(new Error('no ready pod to act on')));
    runner.start([]);
    await assert.rejects(
      runner.inject(parseFault('kill-pod', { atRequired: false })),
      /fault kill-pod could not be played: no ready pod to act on/,
    );
    runner.stop();
    assert.deepEqual(summary(events), ['fault-failed kill-pod: no ready pod to act on']);
  });

  it("refuses, before the run, a fault planned after the swarm's end", () => {
    const faults = [
      parseFault('kill-pod@10s'),
      parseFault('delete-pod@30s'),
      parseFault('error-rate:5%@40s+5s'),
    ];
    assert.throws(
      () => FaultRunner.checkSchedule(faults, 30),
      /faults delete-pod@30s, error-rate:5%@40s\+5s would start after the swarm's planned 30 s/,
    );
    FaultRunner.checkSchedule(faults, 41);
    FaultRunner.checkSchedule(faults, undefined);
  });
});
