// Locust's RequestStats for the embedded load generator: log every request (and failure) here, and once a
// second hand `snapshot()` to ResultsWriter.writeLocustSnapshot — the CSVs then match real Locust's
// `--csv ... --csv-full-history` output, so one report pipeline reads both.
import { LOCUST_PERCENTILE_COLUMNS, LOCUST_PERCENTILE_FRACTIONS } from './locust-csv-columns';
import {
  AGGREGATED_ROW_NAME,
  type LocustFailureRow,
  type LocustHistoryRow,
  type LocustPercentiles,
  type LocustStatsRow,
} from './locust-csv.types';
import { LocustStatsEntry, type StatsWindow } from './locust-stats-entry';

export interface LocustSnapshot {
  history: LocustHistoryRow[];
  stats: LocustStatsRow[];
  failures: LocustFailureRow[];
}

/** Seconds since the Unix epoch, as Python's time.time(). */
export type SecondsClock = () => number;

export class LocustStats {
  private readonly total: LocustStatsEntry;
  private readonly entries = new Map<string, LocustStatsEntry>();
  private readonly errors = new Map<string, LocustFailureRow>();
  private readonly window: StatsWindow;

  constructor(private readonly clock: SecondsClock = () => Date.now() / 1000) {
    const now = clock();
    this.total = new LocustStatsEntry('', AGGREGATED_ROW_NAME, now);
    this.window = { startTime: now, lastRequestTimestamp: null };
  }

  /** Locust's request event: every request counts; `error` (Python-repr style text) also makes it a failure. */
  logRequest(
    method: string,
    name: string,
    responseTimeMs: number,
    contentLength: number,
    error?: string,
  ): void {
    const now = this.clock();
    const entry = this.entry(method, name, now);
    this.total.log(responseTimeMs, contentLength, now);
    entry.log(responseTimeMs, contentLength, now);
    this.window.lastRequestTimestamp = now;
    if (error === undefined) return;
    this.total.logError(now);
    entry.logError(now);
    const key = JSON.stringify([method, name, error]);
    const failure = this.errors.get(key) ?? { method, name, error, occurrences: 0 };
    failure.occurrences += 1;
    this.errors.set(key, failure);
  }

  get requestCount(): number {
    return this.total.numRequests;
  }

  get failureCount(): number {
    return this.total.numFailures;
  }

  /** The rows Locust would write at this second (history with --csv-full-history, then the totals). */
  snapshot(userCount: number): LocustSnapshot {
    const now = this.clock();
    const all = [...this.sortedEntries(), this.total];
    return {
      history: all.map((entry) => this.historyRow(entry, Math.trunc(now), userCount, now)),
      stats: all.map((entry) => this.statsRow(entry)),
      failures: [...this.errors.values()].sort((a, b) =>
        `${a.method} ${a.name} ${a.error}`.localeCompare(`${b.method} ${b.name} ${b.error}`),
      ),
    };
  }

  private entry(method: string, name: string, now: number): LocustStatsEntry {
    const key = JSON.stringify([name, method]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new LocustStatsEntry(method, name, now);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Locust sorts entries by (name, method). */
  private sortedEntries(): LocustStatsEntry[] {
    return [...this.entries.values()].sort((a, b) =>
      a.name === b.name ? (a.method < b.method ? -1 : 1) : a.name < b.name ? -1 : 1,
    );
  }

  private percentiles(
    entry: LocustStatsEntry,
    valueAt: (fraction: number) => number | null,
  ): LocustPercentiles {
    const values: LocustPercentiles = {};
    LOCUST_PERCENTILE_FRACTIONS.forEach((fraction, index) => {
      values[LOCUST_PERCENTILE_COLUMNS[index]] =
        entry.numRequests === 0 ? null : Math.trunc(valueAt(fraction) ?? 0);
    });
    return values;
  }

  private statsRow(entry: LocustStatsEntry): LocustStatsRow {
    return {
      type: entry.method,
      name: entry.name,
      requestCount: entry.numRequests,
      failureCount: entry.numFailures,
      medianResponseTime: entry.medianResponseTime,
      averageResponseTime: entry.averageResponseTime,
      minResponseTime: entry.minResponseTime ?? 0,
      maxResponseTime: entry.maxResponseTime,
      averageContentSize: entry.averageContentLength,
      requestsPerSecond: entry.totalRate(this.window),
      failuresPerSecond: entry.totalRate(this.window, true),
      percentiles: this.percentiles(entry, (fraction) => entry.percentile(fraction)),
    };
  }

  private historyRow(
    entry: LocustStatsEntry,
    timestamp: number,
    userCount: number,
    now: number,
  ): LocustHistoryRow {
    return {
      timestamp,
      userCount,
      type: entry.method,
      name: entry.name,
      requestsPerSecond: entry.currentRate(this.window),
      failuresPerSecond: entry.currentRate(this.window, true),
      percentiles: this.percentiles(entry, (fraction) => entry.currentPercentile(fraction, now)),
      totalRequestCount: entry.numRequests,
      totalFailureCount: entry.numFailures,
      totalMedianResponseTime: entry.medianResponseTime,
      totalAverageResponseTime: entry.averageResponseTime,
      totalMinResponseTime: entry.minResponseTime ?? 0,
      totalMaxResponseTime: entry.maxResponseTime,
      totalAverageContentSize: entry.averageContentLength,
    };
  }
}
