// Reads Locust 2.x CSVs (real Locust's or the embedded lab's) by header name, so column additions in later
// Locust versions do not break it; every error names the file and the line.
import { parseCsv, type CsvRecord, CsvSyntaxError } from '../csv';
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

export class LocustCsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** Looks fields up by header name and converts them, reporting file:line on bad values. */
class RowReader {
  constructor(
    private readonly file: string,
    private readonly index: Map<string, number>,
    private readonly record: CsvRecord,
  ) {}

  text(column: string): string {
    return this.record.fields[this.index.get(column) as number] ?? '';
  }

  number(column: string): number {
    const raw = this.text(column).trim();
    const value = Number(raw);
    if (raw === '' || Number.isNaN(value)) {
      throw new LocustCsvError(this.file, this.record.line, `column "${column}": "${raw}" is not a number`);
    }
    return value;
  }

  percentiles(): LocustPercentiles {
    const values: LocustPercentiles = {};
    for (const column of LOCUST_PERCENTILE_COLUMNS) {
      if (!this.index.has(column)) continue;
      values[column] = this.text(column) === 'N/A' ? null : this.number(column);
    }
    return values;
  }
}

/** Every column but the percentiles is required; percentile columns are read when present. */
const withoutPercentiles = (columns: readonly string[]): string[] =>
  columns.filter((column) => !LOCUST_PERCENTILE_COLUMNS.includes(column));

function readTable(text: string, file: string, required: readonly string[]): RowReader[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new LocustCsvError(file, 0, error.message);
    throw error;
  }
  if (records.length === 0) throw new LocustCsvError(file, 1, 'empty file (no header row)');
  const [header, ...rows] = records;
  const index = new Map(header.fields.map((name, position) => [name.trim(), position]));
  const absent = required.filter((column) => !index.has(column));
  if (absent.length > 0) {
    throw new LocustCsvError(
      file,
      header.line,
      `not a Locust CSV: missing column(s) ${absent.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  // A run killed mid-write (Ctrl-C, OOM) can leave a torn last row: keep everything before it.
  const torn = rows.at(-1);
  if (torn && !/\n$/.test(text) && torn.fields.length < header.fields.length) rows.pop();
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      throw new LocustCsvError(
        file,
        row.line,
        `expected ${header.fields.length} fields, found ${row.fields.length}`,
      );
    }
  }
  return rows.map((row) => new RowReader(file, index, row));
}

export function parseLocustStatsCsv(text: string, file = 'locust_stats.csv'): LocustStatsRow[] {
  return readTable(text, file, withoutPercentiles(LOCUST_STATS_COLUMNS)).map((row) => ({
    type: row.text('Type'),
    name: row.text('Name'),
    requestCount: row.number('Request Count'),
    failureCount: row.number('Failure Count'),
    medianResponseTime: row.number('Median Response Time'),
    averageResponseTime: row.number('Average Response Time'),
    minResponseTime: row.number('Min Response Time'),
    maxResponseTime: row.number('Max Response Time'),
    averageContentSize: row.number('Average Content Size'),
    requestsPerSecond: row.number('Requests/s'),
    failuresPerSecond: row.number('Failures/s'),
    percentiles: row.percentiles(),
  }));
}

export function parseLocustHistoryCsv(text: string, file = 'locust_stats_history.csv'): LocustHistoryRow[] {
  return readTable(text, file, withoutPercentiles(LOCUST_HISTORY_COLUMNS)).map((row) => ({
    timestamp: row.number('Timestamp'),
    userCount: row.number('User Count'),
    type: row.text('Type'),
    name: row.text('Name'),
    requestsPerSecond: row.number('Requests/s'),
    failuresPerSecond: row.number('Failures/s'),
    percentiles: row.percentiles(),
    totalRequestCount: row.number('Total Request Count'),
    totalFailureCount: row.number('Total Failure Count'),
    totalMedianResponseTime: row.number('Total Median Response Time'),
    totalAverageResponseTime: row.number('Total Average Response Time'),
    totalMinResponseTime: row.number('Total Min Response Time'),
    totalMaxResponseTime: row.number('Total Max Response Time'),
    totalAverageContentSize: row.number('Total Average Content Size'),
  }));
}

export function parseLocustFailuresCsv(text: string, file = 'locust_failures.csv'): LocustFailureRow[] {
  return readTable(text, file, LOCUST_FAILURES_COLUMNS).map((row) => ({
    method: row.text('Method'),
    name: row.text('Name'),
    error: row.text('Error'),
    occurrences: row.number('Occurrences'),
  }));
}
