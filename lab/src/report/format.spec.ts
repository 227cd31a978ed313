import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { formatCount, formatFailures, formatMs, formatPercent } from './format';

describe('report number formats', () => {
  it('prints latencies with decimals that fit their size, Locust integers as integers', () => {
    assert.deepEqual([0.0051, 1.234, 12.34, 18, 99.94, 99.96, 0.99951, 467.6].map(formatMs), [
      '0.005 ms',
      '1.23 ms',
      '12.3 ms',
      '18 ms',
      '99.9 ms',
      '100 ms',
      '1.00 ms',
      '468 ms',
    ]);
    assert.equal(formatMs(null), '—');
  });

  it('prints counts with thousands separators and failures as the reports do', () => {
    assert.equal(formatCount(26039), '26,039');
    assert.equal(formatFailures(127, 127 / 45632), '127 (0.28%)');
    assert.equal(formatPercent(0.1234), '12.3%');
  });
});
