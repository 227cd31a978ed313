// Rows of Locust 2.x's `--csv` files (_stats.csv, _stats_history.csv, _failures.csv), as typed values.
// Column names and order are in locust-csv-columns.ts; the recorded fixtures under lab/test/fixtures/locust-2.12
// come from Debian's python3-locust 2.12.1.

/** Percentile columns, keyed by Locust's header (`50%` … `100%`); null where Locust writes `N/A`. */
export type LocustPercentiles = Record<string, number | null>;

/** A row of `_stats.csv`: one per (method, name), then `Aggregated` with an empty Type. */
export interface LocustStatsRow {
  type: string;
  name: string;
  requestCount: number;
  failureCount: number;
  medianResponseTime: number;
  averageResponseTime: number;
  minResponseTime: number;
  maxResponseTime: number;
  averageContentSize: number;
  requestsPerSecond: number;
  failuresPerSecond: number;
  percentiles: LocustPercentiles;
}

/** A row of `_stats_history.csv` (one per second; with --csv-full-history also one per request name). */
export interface LocustHistoryRow {
  /** Unix seconds. */
  timestamp: number;
  userCount: number;
  type: string;
  name: string;
  /** Current rate (Locust's ~10 s sliding window), not the cumulative one. */
  requestsPerSecond: number;
  failuresPerSecond: number;
  /** Current percentiles (sliding window) with --csv-full-history, cumulative ones otherwise. */
  percentiles: LocustPercentiles;
  totalRequestCount: number;
  totalFailureCount: number;
  totalMedianResponseTime: number;
  totalAverageResponseTime: number;
  totalMinResponseTime: number;
  totalMaxResponseTime: number;
  totalAverageContentSize: number;
}

/** A row of `_failures.csv`. */
export interface LocustFailureRow {
  method: string;
  name: string;
  /** Python repr of the error, e.g. `CatchResponseError('status 503')`. */
  error: string;
  occurrences: number;
}

/** The name Locust gives the total row. */
export const AGGREGATED_ROW_NAME = 'Aggregated';
