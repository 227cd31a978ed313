import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { fixturePath } from '../../../test/support/fixture-path';
import { parseLocustFailuresCsv, parseLocustHistoryCsv, parseLocustStatsCsv } from './locust-csv-reader';
import {
  formatLocustFailuresCsv,
  formatLocustHistoryRows,
  formatLocustStatsCsv,
  LOCUST_HISTORY_HEADER,
} from './locust-csv-writer';
import { LocustStats } from './locust-stats';

const recorded = (file: string): string => readFileSync(fixturePath('locust-2.12', file), 'utf8');

describe('Locust CSV writer', () => {
  it('rewrites real Locust 2.12 stats byte for byte (header, column order, Python number formats, CRLF)', () => {
    const text = recorded('locust_stats.csv');
    assert.equal(formatLocustStatsCsv(parseLocustStatsCsv(text)), text);
  });

  it('rewrites real Locust 2.12 history rows byte for byte (six-decimal rates, N/A percentiles)', () => {
    const text = recorded('locust_stats_history.csv');
    assert.equal(LOCUST_HISTORY_HEADER + formatLocustHistoryRows(parseLocustHistoryCsv(text)), text);
  });

  it('rewrites real Locust 2.12 failures byte for byte', () => {
    const text = recorded('locust_failures.csv');
    assert.equal(formatLocustFailuresCsv(parseLocustFailuresCsv(text)), text);
  });

  it('writes the embedded generator stats with Locust headers and the Aggregated row last', () => {
    let now = 1_700_000_000.25;
    const stats = new LocustStats(() => now);
    stats.logRequest('POST', '/predict', 12.5, 120);
    now += 0.5;
    stats.logRequest('GET', '/model', 150.2, 80);
    stats.logRequest('POST', '/predict', 40.1, 120, "CatchResponseError('status 503')");
    const { stats: rows, failures } = stats.snapshot(3);
    const lines = formatLocustStatsCsv(rows).split('\r\n');
    assert.equal(lines[0], recorded('locust_stats.csv').split('\r\n')[0]);
    // The 150 ms bucket is below the only response time (150.2 ms), so Locust clamps the median to the minimum.
    assert.match(lines[1], /^GET,\/model,1,0,150\.2,150\.2,150\.2,150\.2,80\.0,/);
    assert.match(lines[2], /^POST,\/predict,2,1,/);
    assert.match(lines[3], /^,Aggregated,3,1,/);
    assert.equal(
      formatLocustFailuresCsv(failures).split('\r\n')[1],
      `POST,/predict,CatchResponseError('status 503'),1`,
    );
  });
});
