import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { fixturePath } from '../../../test/support/fixture-path';
import {
  LocustCsvError,
  parseLocustFailuresCsv,
  parseLocustHistoryCsv,
  parseLocustStatsCsv,
} from './locust-csv-reader';

const recorded = (file: string): string => readFileSync(fixturePath('locust-2.12', file), 'utf8');

describe('Locust CSV reader', () => {
  it('reads the real Locust 2.12 stats, Aggregated row last', () => {
    const rows = parseLocustStatsCsv(recorded('locust_stats.csv'));
    assert.deepEqual(
      rows.map((row) => [row.type, row.name, row.requestCount, row.failureCount]),
      [
        ['GET', '/model', 132, 0],
        ['POST', '/predict', 1178, 51],
        ['', 'Aggregated', 1310, 51],
      ],
    );
    assert.equal(rows[2].percentiles['95%'], 210);
    assert.equal(rows[2].percentiles['99.99%'], 350);
    assert.equal(rows[2].requestsPerSecond, 119.03900777902423);
  });

  it('reads the real history, with N/A percentiles as null', () => {
    const rows = parseLocustHistoryCsv(recorded('locust_stats_history.csv'));
    assert.equal(rows[0].name, 'Aggregated');
    assert.equal(rows[0].percentiles['50%'], null);
    const last = rows.at(-1);
    assert.equal(last?.userCount, 20);
    assert.equal(last?.requestsPerSecond, 108.125);
    assert.equal(last?.totalRequestCount, 1178);
  });

  it('reads the real failures', () => {
    assert.deepEqual(parseLocustFailuresCsv(recorded('locust_failures.csv')), [
      { method: 'POST', name: '/predict', error: "CatchResponseError('status 503')", occurrences: 51 },
    ]);
  });

  it('names the file and line of a bad value', () => {
    const text = recorded('locust_stats.csv').replace('POST,/predict,1178', 'POST,/predict,many');
    assert.throws(
      () => parseLocustStatsCsv(text, 'run/locust_stats.csv'),
      (error: unknown) =>
        error instanceof LocustCsvError &&
        error.message === 'run/locust_stats.csv:3: column "Request Count": "many" is not a number',
    );
  });

  it('names the file and line of a truncated row, and rejects files that are not Locust CSVs', () => {
    const truncated = recorded('locust_failures.csv').replace(',51', '');
    assert.throws(() => parseLocustFailuresCsv(truncated, 'f.csv'), /f\.csv:2: expected 4 fields, found 3$/);
    assert.throws(
      () => parseLocustHistoryCsv('a,b\n1,2\n', 'h.csv'),
      /h\.csv:1: not a Locust CSV: missing column\(s\) "Timestamp"/,
    );
    assert.throws(() => parseLocustStatsCsv('', 's.csv'), /s\.csv:1: empty file/);
  });

  it('drops a torn last row of a run killed mid-write, but not a short row inside the file', () => {
    const text = recorded('locust_stats_history.csv');
    const rows = parseLocustHistoryCsv(text);
    assert.equal(parseLocustHistoryCsv(text + '1795439358,20,POST,/pre').length, rows.length);
    assert.throws(
      () => parseLocustHistoryCsv(text + '1795439358,20,POST,/pre\r\n'),
      /:33: expected 24 fields, found 4/,
    );
  });
});
