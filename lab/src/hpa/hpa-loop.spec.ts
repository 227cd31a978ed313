// The loop keeps the histories between syncs and syncs once per sync period.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { HpaLoop } from './hpa-loop';
import { cpuUtilization, hpaSpec, NOW, pod } from '../../test/support/hpa-fixtures';

describe('HpaLoop', () => {
  const spec = hpaSpec(
    [cpuUtilization(50)],
    { min: 1, max: 10 },
    { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
  );

  it('is due on the first call, then once every sync period (15 s by default, configurable)', () => {
    const loop = new HpaLoop(spec);
    assert.equal(loop.isDue(NOW), true);
    loop.sync(NOW, 1, [pod('a', 100, 50)]);
    assert.equal(loop.isDue(NOW + 14_999), false);
    assert.equal(loop.isDue(NOW + 15_000), true);
    const fast = new HpaLoop(spec, { syncPeriodSeconds: 5 });
    fast.sync(NOW, 1, [pod('a', 100, 50)]);
    assert.equal(fast.isDue(NOW + 5_000), true);
  });

  it('carries scale events to the next sync, so a policy period spans syncs', () => {
    const loop = new HpaLoop(spec);
    const first = loop.sync(NOW, 1, [pod('a', 100, 400)]);
    assert.equal(first.desiredReplicas, 2, 'Pods 1 per 60 s: +1');
    const second = loop.sync(NOW + 15_000, 2, [pod('a', 100, 400), pod('b', 100, 400)]);
    assert.equal(second.desiredReplicas, 2, 'the +1 of 15 s ago fills this 60 s period');
    const third = loop.sync(NOW + 61_000, 2, [pod('a', 100, 400), pod('b', 100, 400)]);
    assert.equal(third.desiredReplicas, 3);
  });

  it('carries recommendations to the next sync, so the first sync does not scale down and a later one does', () => {
    const loop = new HpaLoop(
      hpaSpec([cpuUtilization(50)], { min: 1, max: 10 }, { scaleDown: { stabilizationWindowSeconds: 30 } }),
    );
    const idle = [pod('a', 100, 5), pod('b', 100, 5), pod('c', 100, 5)];
    assert.equal(loop.sync(NOW, 3, idle).desiredReplicas, 3);
    assert.equal(loop.sync(NOW + 15_000, 3, idle).desiredReplicas, 3);
    assert.equal(loop.sync(NOW + 31_000, 3, idle).desiredReplicas, 1);
  });
});
