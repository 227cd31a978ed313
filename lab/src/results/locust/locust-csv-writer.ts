// Serializes Locust rows exactly as Locust 2.x writes them (column order, Python number formats, CRLF).
import { formatCsvRow } from '../csv';
import {
  LOCUST_FAILURES_COLUMNS,
  LOCUST_HISTORY_COLUMNS,
  LOCUST_PERCENTILE_COLUMNS,
  LOCUST_STATS_COLUMNS,
} from './locust-csv-columns';
import type {
  LocustFailureRow,
  LocustHistoryRow,
  LocustPercentiles,
  LocustStatsRow,
} from './locust-csv.types';
import { pythonFixed6, pythonFloat } from './python-format';

/** Locust's `x or 0` fields (min, max, content size): int 0 when empty, else the raw float. */
const zeroOrFloat = (value: number): string => (value === 0 ? '0' : pythonFloat(value));

/** Locust's median is a bucket key: an int below 100 ms, a rounded float above (or min/max when clamped). */
const median = (value: number): string =>
  Number.isInteger(value) && value < 100 ? String(value) : pythonFloat(value);

const percentileFields = (percentiles: LocustPercentiles): string[] =>
  LOCUST_PERCENTILE_COLUMNS.map((column) => {
    const value = percentiles[column];
    return value === null || value === undefined ? 'N/A' : String(Math.trunc(value));
  });

export function formatLocustStatsCsv(rows: readonly LocustStatsRow[]): string {
  return (
    formatCsvRow(LOCUST_STATS_COLUMNS) +
    rows
      .map((row) =>
        formatCsvRow([
          row.type,
          row.name,
          String(row.requestCount),
          String(row.failureCount),
          median(row.medianResponseTime),
          pythonFloat(row.averageResponseTime),
          zeroOrFloat(row.minResponseTime),
          zeroOrFloat(row.maxResponseTime),
          zeroOrFloat(row.averageContentSize),
          pythonFloat(row.requestsPerSecond),
          pythonFloat(row.failuresPerSecond),
          ...percentileFields(row.percentiles),
        ]),
      )
      .join('')
  );
}

export const LOCUST_HISTORY_HEADER = formatCsvRow(LOCUST_HISTORY_COLUMNS);

/** History rows without the header: Locust appends them every second, so does the embedded lab. */
export function formatLocustHistoryRows(rows: readonly LocustHistoryRow[]): string {
  return rows
    .map((row) =>
      formatCsvRow([
        String(row.timestamp),
        String(row.userCount),
        row.type,
        row.name,
        pythonFixed6(row.requestsPerSecond),
        pythonFixed6(row.failuresPerSecond),
        ...percentileFields(row.percentiles),
        String(row.totalRequestCount),
        String(row.totalFailureCount),
        median(row.totalMedianResponseTime),
        pythonFloat(row.totalAverageResponseTime),
        zeroOrFloat(row.totalMinResponseTime),
        zeroOrFloat(row.totalMaxResponseTime),
        zeroOrFloat(row.totalAverageContentSize),
      ]),
    )
    .join('');
}

export function formatLocustFailuresCsv(rows: readonly LocustFailureRow[]): string {
  return (
    formatCsvRow(LOCUST_FAILURES_COLUMNS) +
    rows.map((row) => formatCsvRow([row.method, row.name, row.error, String(row.occurrences)])).join('')
  );
}
