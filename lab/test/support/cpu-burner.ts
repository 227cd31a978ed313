// A child process that keeps one core busy until killed, and the cores it used over a window as this machine
// counts them (/proc, or `ps` on macOS): the measure of a CPU limit's precision, with an unlimited twin to tell a busy machine from a bad limit.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processUsageSource, type ProcessUsageSource } from '../../src/metrics/process-usage';
import type { CfsCounters } from '../../src/targets/local/limits/cpu-limiter';

export async function startCpuBurner(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child as ChildProcess & { pid: number };
}

/**
 * This machine's own source of another process's CPU time (/proc, or `ps` on macOS; LAB_PROCESS_USAGE is not
 * asked: procps' whole seconds cannot time a 100 ms period), or why there is none.
 */
export function machineUsageSource(): ProcessUsageSource | string {
  try {
    return processUsageSource('');
  } catch (error) {
    return (error as Error).message;
  }
}

/** CPU seconds per wall-clock second of each process over the same `seconds`. */
export async function measureCores(pids: number[], seconds: number): Promise<number[]> {
  const source = machineUsageSource();
  if (typeof source === 'string') throw new Error(source);
  const read = () =>
    Promise.all(
      pids.map(async (pid) => {
        const usage = await source.read(pid);
        if (!usage) throw new Error(`process ${pid} is gone or unreadable by ${source.name}`);
        return usage;
      }),
    );
  const first = await read();
  await sleep(seconds * 1000);
  return (await read()).map(
    (last, i) => (last.cpuSeconds - first[i].cpuSeconds) / ((last.timestamp - first[i].timestamp) / 1000),
  );
}

/** An unlimited twin getting this much of a core means the machine had room: the limit alone sets the use. */
const UNCONTENDED_CORES = 0.8;

/**
 * Asserts a CPU-bound process under a limit of `cores` used it ± 25 % over 5 s. The upper bound always holds: a
 * limit is a ceiling. The lower one needs a machine with room, which an unlimited twin measures over the same 5 s:
 * on a contended one the scheduler gives nothing in some periods and their unused quota expires (in CFS too), so
 * there the process must get at least half of what the twin got, up to the limit. Its CFS counters must have seen
 * it run in most periods, and held it in some when the twin got well over the limit.
 */
export async function assertHeldToLimit(
  pid: number,
  twinPid: number,
  cores: number,
  counters: () => CfsCounters,
): Promise<void> {
  const [used, free] = await measureCores([pid, twinPid], 5);
  const floor = free >= UNCONTENDED_CORES ? 0.75 * cores : 0.5 * Math.min(cores, free);
  assert.ok(
    used <= 1.25 * cores && used >= floor,
    `used ${used.toFixed(3)} cores under a limit of ${cores} (floor ${floor.toFixed(3)}; unlimited twin: ${free.toFixed(3)})`,
  );
  const seen = counters();
  assert.ok(seen.periods >= 25 && seen.throttledPeriods <= seen.periods, JSON.stringify(seen));
  if (free >= cores * 1.5) assert.ok(seen.throttledPeriods > 0, JSON.stringify(seen));
}

/** The state letter of /proc/<pid>/stat, else of `ps -o state=` (macOS): R running, S sleeping, T stopped, ... */
export function processState(pid: number): string | undefined {
  try {
    return /\) (\w) /.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    try {
      return execFileSync('ps', ['-o', 'state=', '-p', String(pid)], { encoding: 'utf8' }).trim()[0];
    } catch {
      return undefined;
    }
  }
}
