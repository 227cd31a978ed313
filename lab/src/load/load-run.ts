// What the runner sees of a load generator, whichever it is (the embedded one or real Locust, here or in a cluster).
import type { ResultsWriter } from '../results/results-writer';
import type { LocustFailureRow, LocustHistoryRow } from '../results/locust/locust-csv.types';
import { countFailureClasses, type FailureCounts } from '../results/failures/failure-class';
import { AGGREGATED_ROW_NAME } from '../results/locust/locust-csv.types';

export interface LoadSnapshot {
  users: number;
  /** Locust's current rates (~10 s window) */
  requestsPerSecond: number;
  failuresPerSecond: number;
  /** current percentiles (10 s window), null before any request */
  p50Ms: number | null;
  p95Ms: number | null;
  /** absent when the generator does not report it live (the cluster's Locust API gives p50 and p95 only) */
  p99Ms?: number | null;
  totalRequests: number;
  totalFailures: number;
  /** Failures since the start by class, when the generator's failure texts can be read live. */
  failuresByClass?: FailureCounts;
}

export interface LoadRun {
  readonly kind: 'embedded' | 'locust';
  /** the generator's process, to measure its own CPU (undefined when it runs elsewhere) */
  readonly pid: number | undefined;
  /** the latest Aggregated history row, as a snapshot */
  snapshot(): LoadSnapshot | undefined;
  /** resolves when the load plan is over and the Locust CSVs are complete in the results folder */
  readonly finished: Promise<void>;
  /** stops the users early (Ctrl-C), keeping what was recorded */
  stop(): Promise<void>;
  /** synchronous last resort (an exit handler) for a generator on this machine: nothing of it may survive */
  killNow?(): void;
}

export type LocustCsvSink = Pick<ResultsWriter, 'writeLocustSnapshot' | 'importLocustCsvs'>;

/** The snapshot of a second's history rows; `failures`, Locust's failures rows at that time, add the classes. */
export function snapshotOf(
  rows: readonly LocustHistoryRow[],
  failures?: readonly LocustFailureRow[],
): LoadSnapshot | undefined {
  const total = rows.find((row) => row.name === AGGREGATED_ROW_NAME);
  if (!total) return undefined;
  return {
    ...(failures && { failuresByClass: countFailureClasses(failures) }),
    users: total.userCount,
    requestsPerSecond: total.requestsPerSecond,
    failuresPerSecond: total.failuresPerSecond,
    p50Ms: total.percentiles['50%'] ?? null,
    p95Ms: total.percentiles['95%'] ?? null,
    p99Ms: total.percentiles['99%'] ?? null,
    totalRequests: total.totalRequestCount,
    totalFailures: total.totalFailureCount,
  };
}
