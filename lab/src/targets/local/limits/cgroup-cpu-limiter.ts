// A CPU limit enforced by the kernel's CFS bandwidth control, as the kubelet sets it: one cgroup per container
// with the quota per 100 ms period — cgroup v2 `cpu.max` = "20000 100000" for 200m, cgroup v1
// `cpu.cfs_quota_us` = 20000 with `cpu.cfs_period_us` = 100000 — the process moved into it, and the counters
// read back from its cpu.stat (nr_periods, nr_throttled, and throttled_usec in v2 or throttled_time in ns in v1).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CFS_PERIOD_MS, noCfsCounters, type CfsCounters, type CpuLimiter } from './cpu-limiter';
import { removeCgroup, type CgroupVersion } from './cgroup-parent';

const PERIOD_MICROS = CFS_PERIOD_MS * 1000;

const quotaMicros = (millicores: number): number => Math.round((millicores / 1000) * PERIOD_MICROS);

/** The files and contents that set the limit, in the order to write them. */
export function cpuLimitFiles(
  version: CgroupVersion,
  millicores: number,
): Array<[file: string, content: string]> {
  return version === 2
    ? [['cpu.max', `${quotaMicros(millicores)} ${PERIOD_MICROS}`]]
    : [
        ['cpu.cfs_period_us', String(PERIOD_MICROS)],
        ['cpu.cfs_quota_us', String(quotaMicros(millicores))],
      ];
}

/** cpu.stat's `key value` lines → the counters (absent keys count 0). */
export function parseCpuStat(text: string): CfsCounters {
  const values = new Map(
    text
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length === 2)
      .map(([key, value]) => [key, Number(value)] as const),
  );
  const throttledSeconds = values.has('throttled_usec')
    ? values.get('throttled_usec')! / 1e6
    : (values.get('throttled_time') ?? 0) / 1e9;
  return {
    periods: values.get('nr_periods') ?? 0,
    throttledPeriods: values.get('nr_throttled') ?? 0,
    throttledSeconds,
  };
}

export class CgroupCpuLimiter implements CpuLimiter {
  /** Creates `dir` (a child of a group with the cpu controller) with the limit and moves the process into it. */
  constructor(
    readonly dir: string,
    pid: number,
    millicores: number,
    version: CgroupVersion,
  ) {
    mkdirSync(dir);
    try {
      for (const [file, content] of cpuLimitFiles(version, millicores))
        writeFileSync(join(dir, file), content);
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  counters(): CfsCounters {
    try {
      return parseCpuStat(readFileSync(join(this.dir, 'cpu.stat'), 'utf8'));
    } catch {
      return noCfsCounters();
    }
  }

  /** Removes the cgroup; the kernel refuses while a process is in it, so the pod calls this after the exit. */
  stop(): void {
    removeCgroup(this.dir);
  }
}
