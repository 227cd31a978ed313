// The Linux fast path of process usage: /proc/<pid>/stat and /proc/<pid>/status, two file reads and no spawn
// (what the kubelet's cAdvisor reads from cgroups for a container, for one process). CPU in clock ticks (10 ms).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ProcessUsage } from './process-usage';

let clockTicks: number | undefined;

/** Asked once, and only where /proc answered: elsewhere the lab spawns no getconf for nothing. */
function clockTicksPerSecond(): number {
  if (clockTicks !== undefined) return clockTicks;
  try {
    clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    clockTicks = 100;
  }
  return clockTicks;
}

/** Returns undefined when the process is gone (or /proc is unavailable, e.g. on macOS). */
export function readProcessUsageFromProcfs(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    return {
      cpuSeconds: (userTicks + systemTicks) / clockTicksPerSecond(),
      rssBytes: rssKiB * 1024,
      timestamp: Date.now(),
    };
  } catch {
    return undefined;
  }
}

export function procfsAvailable(): boolean {
  return readProcessUsageFromProcfs(process.pid) !== undefined;
}
