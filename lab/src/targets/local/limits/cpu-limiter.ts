// What every CPU limit strategy gives the pod: the CFS bandwidth counters cAdvisor exports per container
// (container_cpu_cfs_periods_total, container_cpu_cfs_throttled_periods_total,
// container_cpu_cfs_throttled_seconds_total), cumulative since the limiter started.

/** The kernel's default cpu.cfs_period_us, which the kubelet keeps: a limit is a quota per 100 ms. */
export const CFS_PERIOD_MS = 100;

export interface CfsCounters {
  /** enforcement periods in which the process wanted to run */
  periods: number;
  /** periods in which it used up its quota and was held until the next one */
  throttledPeriods: number;
  /** time held */
  throttledSeconds: number;
}

export const noCfsCounters = (): CfsCounters => ({ periods: 0, throttledPeriods: 0, throttledSeconds: 0 });

export const addCfsCounters = (a: CfsCounters, b: CfsCounters): CfsCounters => ({
  periods: a.periods + b.periods,
  throttledPeriods: a.throttledPeriods + b.throttledPeriods,
  throttledSeconds: a.throttledSeconds + b.throttledSeconds,
});

export interface CpuLimiter {
  counters(): CfsCounters;
  /** Ends enforcement; a held process is let run again. */
  stop(): void;
}
