import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { LOCUST_PERCENTILE_COLUMNS } from './locust-csv-columns';
import { bucketPercentile, locustBucket } from './locust-stats-entry';
import { LocustStats } from './locust-stats';

describe('LocustStats (Locust 2.x StatsEntry semantics)', () => {
  it('rounds response times into Locust buckets with Python half-to-even rounding', () => {
    assert.deepEqual(
      [2.5, 3.5, 99.4, 147, 145, 3432, 58760].map(locustBucket),
      [2, 4, 99, 150, 140, 3400, 59000],
    );
  });

  it('computes percentiles the way calculate_response_time_percentile does', () => {
    const buckets = new Map([
      [10, 50],
      [20, 45],
      [300, 5],
    ]);
    assert.equal(bucketPercentile(buckets, 100, 0.5), 20, 'Locust counts down from the slowest bucket');
    assert.equal(bucketPercentile(buckets, 100, 0.94), 20);
    assert.equal(bucketPercentile(buckets, 100, 0.95), 300);
    assert.equal(bucketPercentile(buckets, 100, 1), 300);
  });

  it('reports totals, current rates and N/A percentiles before any request', () => {
    let now = 1000.0;
    const stats = new LocustStats(() => now);
    const empty = stats.snapshot(0);
    assert.equal(empty.history[0].name, 'Aggregated');
    assert.equal(empty.history[0].percentiles[LOCUST_PERCENTILE_COLUMNS[0]], null);
    for (let second = 0; second < 20; second++) {
      for (let i = 0; i < 5; i++) {
        now = 1000 + second + i * 0.1;
        stats.logRequest('POST', '/predict', 10 + second, 100, second === 19 && i === 0 ? 'boom' : undefined);
      }
    }
    const total = stats.snapshot(7).stats.at(-1);
    assert.ok(total);
    assert.equal(total.requestCount, 100);
    assert.equal(total.failureCount, 1);
    assert.equal(total.minResponseTime, 10);
    assert.equal(total.maxResponseTime, 29);
    assert.equal(total.averageResponseTime, 19.5);
    assert.ok(Math.abs(total.requestsPerSecond - 100 / 19.4) < 1e-9);
    const history = stats.snapshot(7).history.at(-1);
    assert.ok(history);
    assert.equal(history.userCount, 7);
    assert.equal(history.requestsPerSecond, 5, 'five requests in each whole second of the window');
    assert.equal(history.percentiles['50%'], 25, 'current median covers about the last 10 s only');
  });
});
