// A CPU limit enforced by the kernel, as the kubelet sets it on cgroup v2: one cgroup per container with
// cpu.max = "<quota> <period>" in microseconds (200m → "20000 100000"), the process moved into it, and the
// CFS counters read back from its cpu.stat (nr_periods, nr_throttled, throttled_usec).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CFS_PERIOD_MS, noCfsCounters, type CfsCounters, type CpuLimiter } from './cpu-limiter';
import { removeCgroup } from './cgroup-v2-parent';

export const cpuMaxLine = (millicores: number): string => {
  const periodMicros = CFS_PERIOD_MS * 1000;
  return `${Math.round((millicores / 1000) * periodMicros)} ${periodMicros}`;
};

/** cpu.stat's `key value` lines → the counters (absent keys count 0). */
export function parseCpuStat(text: string): CfsCounters {
  const values = new Map(
    text
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length === 2)
      .map(([key, value]) => [key, Number(value)] as const),
  );
  return {
    periods: values.get('nr_periods') ?? 0,
    throttledPeriods: values.get('nr_throttled') ?? 0,
    throttledSeconds: (values.get('throttled_usec') ?? 0) / 1e6,
  };
}

export class CgroupV2CpuLimiter implements CpuLimiter {
  /** Creates `dir` (a child of a cgroup whose subtree_control has cpu) and moves the process into it. */
  constructor(
    readonly dir: string,
    pid: number,
    millicores: number,
  ) {
    mkdirSync(dir);
    try {
      writeFileSync(join(dir, 'cpu.max'), cpuMaxLine(millicores));
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
