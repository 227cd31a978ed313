import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { spendModelCost } from './model-cost';

describe('spendModelCost', () => {
  it('works until the CPU clock, not the wall clock, has moved by the cost of every row', () => {
    // A CPU clock that advances 10 µs per read: as if throttled, each read costs far less CPU than wall time.
    let micros = 0;
    let reads = 0;
    const cpuClock = () => {
      reads += 1;
      return (micros += 10);
    };
    spendModelCost(2, 3, cpuClock);
    // 6 ms of CPU = 6000 µs: the first read sets the goal, then 600 more reads reach it.
    assert.equal(reads, 601);
  });

  it('uses at least the asked CPU of this process', () => {
    const before = process.cpuUsage();
    spendModelCost(5, 2);
    const used = process.cpuUsage(before);
    assert.ok(used.user + used.system >= 10_000, `used ${used.user + used.system} µs of CPU for 10 ms asked`);
  });

  it('does nothing for a zero cost', () => {
    let reads = 0;
    spendModelCost(0, 5, () => ++reads);
    assert.equal(reads, 0);
  });
});
