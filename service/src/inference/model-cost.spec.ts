import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { spendModelCost, type ModelCostClocks } from './model-cost';

/** Clocks that advance by fixed steps per read: µs of CPU and ms of wall time. */
function steppingClocks(cpuMicrosPerRead: number, wallMsPerRead: number) {
  const clocks = { cpu: 0, wall: 0, reads: 0 };
  const read: ModelCostClocks = {
    cpuMicros: () => {
      clocks.reads += 1;
      return (clocks.cpu += cpuMicrosPerRead);
    },
    wallMs: () => (clocks.wall += wallMsPerRead),
  };
  return { clocks, read };
}

describe('spendModelCost', () => {
  it('works on while the CPU clock lags, as in a pod throttled at its limit', () => {
    // 10 µs of CPU per 1 ms of wall time: a tenth of a core.
    const { clocks, read } = steppingClocks(10, 1);
    spendModelCost(2, 3, read);
    assert.ok(clocks.cpu >= 6000, `stopped after ${clocks.cpu} µs of CPU for 6 ms asked`);
    assert.ok(clocks.wall >= 600, 'took ten times the cost in wall time');
  });

  it('works on while the wall clock lags, so other threads of the process cannot end it early', () => {
    // 5 ms of process CPU per 1 ms of wall time: other threads busy meanwhile.
    const { clocks, read } = steppingClocks(5000, 1);
    spendModelCost(2, 3, read);
    assert.ok(clocks.wall >= 6, `stopped after ${clocks.wall} ms of wall time for 6 ms asked`);
  });

  it('uses at least the asked CPU of this process', () => {
    const before = process.cpuUsage();
    spendModelCost(5, 2);
    const used = process.cpuUsage(before);
    assert.ok(used.user + used.system >= 10_000, `used ${used.user + used.system} µs of CPU for 10 ms asked`);
  });

  it('does nothing for a zero cost', () => {
    const { clocks, read } = steppingClocks(10, 1);
    spendModelCost(0, 5, read);
    assert.equal(clocks.reads, 0);
  });
});
