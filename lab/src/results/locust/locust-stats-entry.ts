// One Locust StatsEntry (locust/stats.py, 2.x), reimplemented so the embedded load generator reports the same
// numbers real Locust would: response times rounded into Locust's buckets, cumulative and ~10 s "current"
// percentiles from a per-second cache, and rates over Locust's windows. Times are Unix seconds (float).
import { pythonRound } from './python-format';

const CURRENT_PERCENTILE_WINDOW_SECONDS = 10;
const CACHE_SIZE = CURRENT_PERCENTILE_WINDOW_SECONDS + 10;

type Buckets = Map<number, number>;

/** Locust's calculate_response_time_percentile over a {rounded ms → count} dict. */
export function bucketPercentile(buckets: Buckets, numRequests: number, fraction: number): number {
  const wanted = Math.trunc(numRequests * fraction);
  let processed = 0;
  for (const key of [...buckets.keys()].sort((a, b) => b - a)) {
    processed += buckets.get(key) as number;
    if (numRequests - processed <= wanted) return key;
  }
  return 0;
}

/** Locust's bucket key: 147 → 150, 3432 → 3400, 58760 → 59000 (Python round, half to even). */
export function locustBucket(responseTimeMs: number): number {
  if (responseTimeMs < 100) return pythonRound(responseTimeMs);
  if (responseTimeMs < 1000) return pythonRound(responseTimeMs, -1);
  if (responseTimeMs < 10000) return pythonRound(responseTimeMs, -2);
  return pythonRound(responseTimeMs, -3);
}

/** The run-wide clock of Locust's RequestStats that rates are measured against. */
export interface StatsWindow {
  startTime: number;
  lastRequestTimestamp: number | null;
}

export class LocustStatsEntry {
  numRequests = 0;
  numFailures = 0;
  totalResponseTime = 0;
  minResponseTime: number | null = null;
  maxResponseTime = 0;
  totalContentLength = 0;
  lastRequestTimestamp: number | null = null;
  private readonly requestsPerSecond = new Map<number, number>();
  private readonly failuresPerSecond = new Map<number, number>();
  private readonly buckets: Buckets = new Map();
  private readonly cache = new Map<number, { buckets: Buckets; numRequests: number }>();

  constructor(
    readonly method: string,
    readonly name: string,
    now: number,
  ) {
    this.cacheResponseTimes(Math.trunc(now));
  }

  log(responseTimeMs: number, contentLength: number, now: number): void {
    const second = Math.trunc(now);
    if (this.lastRequestTimestamp && second > Math.trunc(this.lastRequestTimestamp)) {
      this.cacheResponseTimes(second - 1);
    }
    this.numRequests += 1;
    this.requestsPerSecond.set(second, (this.requestsPerSecond.get(second) ?? 0) + 1);
    this.lastRequestTimestamp = now;
    this.totalResponseTime += responseTimeMs;
    this.minResponseTime =
      this.minResponseTime === null ? responseTimeMs : Math.min(this.minResponseTime, responseTimeMs);
    this.maxResponseTime = Math.max(this.maxResponseTime, responseTimeMs);
    const bucket = locustBucket(responseTimeMs);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
    this.totalContentLength += contentLength;
  }

  logError(now: number): void {
    this.numFailures += 1;
    const second = Math.trunc(now);
    this.failuresPerSecond.set(second, (this.failuresPerSecond.get(second) ?? 0) + 1);
  }

  get averageResponseTime(): number {
    return this.numRequests === 0 ? 0 : this.totalResponseTime / this.numRequests;
  }

  get averageContentLength(): number {
    return this.numRequests === 0 ? 0 : this.totalContentLength / this.numRequests;
  }

  /** Locust's median_from_dict, clamped to [min, max] because buckets are coarser than min/max. */
  get medianResponseTime(): number {
    if (this.buckets.size === 0) return 0;
    let position = (this.numRequests - 1) / 2;
    let median = 0;
    for (const key of [...this.buckets.keys()].sort((a, b) => a - b)) {
      median = key;
      const count = this.buckets.get(key) as number;
      if (position < count) break;
      position -= count;
    }
    if (median > this.maxResponseTime) return this.maxResponseTime;
    if (this.minResponseTime !== null && median < this.minResponseTime) return this.minResponseTime;
    return median;
  }

  percentile(fraction: number): number {
    return bucketPercentile(this.buckets, this.numRequests, fraction);
  }

  /** Percentile of (about) the last 10 s, from the cached copy closest to now-10 s; null if none is cached. */
  currentPercentile(fraction: number, now: number): number | null {
    const target = Math.trunc(now) - CURRENT_PERCENTILE_WINDOW_SECONDS;
    const candidates = [target];
    for (let i = 1; i < 9; i++) candidates.push(target - i, target + i);
    const cached = candidates.map((second) => this.cache.get(second)).find((entry) => entry !== undefined);
    if (!cached) return null;
    const window: Buckets = new Map();
    for (const [key, count] of this.buckets) {
      const difference = count - (cached.buckets.get(key) ?? 0);
      if (difference) window.set(key, difference);
    }
    return bucketPercentile(window, this.numRequests - cached.numRequests, fraction);
  }

  /** Requests per second over the whole seconds from ~12 s to 2 s before the last request. */
  currentRate(window: StatsWindow, failures = false): number {
    if (window.lastRequestTimestamp === null) return 0;
    const last = Math.trunc(window.lastRequestTimestamp);
    const from = Math.max(last - 12, Math.trunc(window.startTime));
    const counts = failures ? this.failuresPerSecond : this.requestsPerSecond;
    let sum = 0;
    for (let second = from; second < last - 2; second++) sum += counts.get(second) ?? 0;
    return sum / Math.max(last - 2 - from, 1);
  }

  totalRate(window: StatsWindow, failures = false): number {
    if (!window.lastRequestTimestamp || !window.startTime) return 0;
    const elapsed = window.lastRequestTimestamp - window.startTime;
    return elapsed === 0 ? 0 : (failures ? this.numFailures : this.numRequests) / elapsed;
  }

  private cacheResponseTimes(second: number): void {
    this.cache.set(second, { buckets: new Map(this.buckets), numRequests: this.numRequests });
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
  }
}
