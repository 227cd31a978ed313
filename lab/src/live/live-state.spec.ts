import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { HpaDecisionRecord, TimelineSample } from '../results/results.types';
import {
  decisionLine,
  FaultsClosedError,
  LIVE_DECISIONS_KEPT,
  LiveState,
  type LiveRunInfo,
} from './live-state';

const run: LiveRunInfo = {
  runId: 'run-1',
  target: 'local',
  profileId: 'demo',
  plannedSeconds: 60,
  hpa: {
    variant: 'report-001',
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'iris' }, maxReplicas: 10 },
  },
  cpuRequestMillicores: 200,
  planLines: ['the plan'],
};

function sample(elapsedSeconds: number, failures?: Record<string, number>) {
  const timeline: TimelineSample & { failures?: Record<string, number> } = {
    time: new Date(0).toISOString(),
    elapsedSeconds,
    replicas: { desired: 3, current: 2, ready: 2 },
    cpuUtilization: { current: 75, target: 60 },
    pods: [
      { name: 'iris-1', phase: 'Running', ready: true, cpuMillicores: 180, memoryBytes: null },
      { name: 'iris-2', phase: 'Pending', ready: false, cpuMillicores: null, memoryBytes: null },
    ],
    ...(failures && { failures }),
  };
  return timeline;
}

function decision(elapsedSeconds: number, extra: Partial<HpaDecisionRecord> = {}): HpaDecisionRecord {
  return {
    time: new Date(0).toISOString(),
    elapsedSeconds,
    currentReplicas: 2,
    desiredReplicas: 3,
    steps: ['ratio 1.25', 'scale up to 3'],
    ...extra,
  };
}

const snapshot = {
  users: 20,
  requestsPerSecond: 41.5,
  failuresPerSecond: 0.5,
  p50Ms: 9,
  p95Ms: 34,
  p99Ms: 120,
  totalRequests: 400,
  totalFailures: 3,
};

describe('LiveState', () => {
  it('before the run starts, says so and shows no number', () => {
    const view = new LiveState().view();
    assert.equal(view.status, 'starting');
    assert.equal(view.now.users, null);
    assert.equal(view.now.podsReady, null);
    assert.equal(view.reportReady, false);
  });

  it('shows the latest load and sample, each pod against its CPU request, and the charts from both', () => {
    const live = new LiveState();
    live.begin(run);
    live.loadSample(6, undefined);
    live.loadSample(7, snapshot);
    live.timeline(sample(10));
    const view = live.view();
    assert.equal(view.status, 'running');
    assert.equal(view.elapsedSeconds, 10);
    assert.equal(view.now.users, 20);
    assert.equal(view.now.p99Ms, 120);
    assert.equal(view.now.totalFailures, 3);
    assert.equal(view.now.podsReady, 2);
    assert.equal(view.now.podsDesired, 3);
    assert.equal(view.now.cpuTarget, 60);
    assert.deepEqual(
      view.pods.map((pod) => [pod.name, pod.utilization]),
      [
        ['iris-1', 90],
        ['iris-2', null],
      ],
    );
    assert.equal(view.charts.load.length, 1, 'a second without a snapshot draws no point');
    assert.deepEqual(view.charts.load[0], {
      t: 7,
      users: 20,
      rps: 41.5,
      failuresPerSecond: 0.5,
      p50: 9,
      p95: 34,
      p99: 120,
    });
    assert.deepEqual(view.charts.capacity[0], {
      t: 10,
      ready: 2,
      desired: 3,
      utilization: 75,
      target: 60,
      podsCpuMillicores: 180,
    });
    assert.equal(view.charts.maxReplicas, 10);
    assert.equal(view.charts.durationSeconds, 60, 'the axis spans the planned run');
    assert.equal(view.charts.peakCpuUtilization, 75);
  });

  it('adds up the failures by class over the samples that carry them', () => {
    const live = new LiveState();
    live.begin(run);
    live.timeline(sample(5, { refused: 2 }));
    live.timeline(sample(10));
    live.timeline(sample(15, { refused: 1, '503-unready': 4 }));
    assert.deepEqual({ ...live.view().failuresByClass }, { refused: 3, '503-unready': 4 });
  });

  it('lists every event, marks only scale events on the charts, and keeps the latest decisions', () => {
    const live = new LiveState();
    live.begin(run);
    live.event({ time: '', elapsedSeconds: 3, kind: 'pod-ready', source: 'kubelet', message: 'ready' });
    live.event({
      time: '',
      elapsedSeconds: 30,
      kind: 'scale-up',
      from: 2,
      to: 3,
      source: 'hpa',
      message: 'up',
    });
    for (let index = 0; index < LIVE_DECISIONS_KEPT + 5; index++) live.decision(decision(index));
    const view = live.view();
    assert.deepEqual(
      view.events.map((event) => event.kind),
      ['pod-ready', 'scale-up'],
    );
    assert.deepEqual(
      view.charts.scaleEvents.map((event) => event.kind),
      ['scale-up'],
    );
    assert.equal(view.decisions.length, LIVE_DECISIONS_KEPT);
    assert.equal(view.decisions[0].t, 5, 'the oldest decisions go first');
  });

  it('says when the run ended and when its report can be opened', () => {
    const live = new LiveState();
    live.begin(run);
    live.finish('interrupted');
    assert.equal(live.view().status, 'interrupted');
    assert.equal(live.view().reportReady, false);
    live.reportWritten();
    assert.equal(live.view().reportReady, true);
  });

  it("offers the target's fault kinds while the run takes faults, each with its argument and duration", async () => {
    const live = new LiveState();
    live.begin(run);
    assert.deepEqual(live.view().faults, { accepting: false, forms: [] });
    const sent: string[] = [];
    live.acceptFaults(['kill-pod', 'slow-model'], async (spec) => {
      sent.push(spec);
      return 'played';
    });
    assert.deepEqual(live.view().faults, {
      accepting: true,
      forms: [
        { kind: 'kill-pod', argument: null, timed: false },
        {
          kind: 'slow-model',
          argument: { unit: 'milliseconds added to each prediction, e.g. 50ms', sample: '50ms' },
          timed: true,
        },
      ],
    });
    assert.equal(await live.injectFault('kill-pod'), 'played');
    live.refuseFaults();
    assert.equal(live.view().faults.accepting, false);
    assert.equal(live.view().faults.forms.length, 2, 'the forms stay, disabled');
    await assert.rejects(live.injectFault('kill-pod'), FaultsClosedError);
    assert.deepEqual(sent, ['kill-pod']);
  });

  it('takes no fault once the run has finished', async () => {
    const live = new LiveState();
    live.begin(run);
    live.acceptFaults(['kill-pod'], async () => 'played');
    live.finish('completed');
    assert.equal(live.view().faults.accepting, false);
    await assert.rejects(live.injectFault('kill-pod'), /the run has ended/);
  });
});

describe('decisionLine', () => {
  it('is the move, then the reason and the limit that bounded it', () => {
    assert.equal(
      decisionLine(decision(0, { reason: 'ScaleUpLimit', limitedBy: 'scaleUp policy Pods 4/15s' })),
      '2 → 3: ScaleUpLimit, limited by scaleUp policy Pods 4/15s',
    );
  });

  it('falls back to the last step without a reason', () => {
    assert.equal(decisionLine(decision(0)), '2 → 3: scale up to 3');
    assert.equal(decisionLine(decision(0, { steps: [] })), '2 → 3: no reason recorded');
  });
});
