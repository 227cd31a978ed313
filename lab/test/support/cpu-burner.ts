// A child process that keeps one core busy until killed, and the cores it used over a window as /proc counts
// them: the measure of a CPU limit's precision.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcessUsage } from '../../src/metrics/process-usage';

export async function startCpuBurner(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child as ChildProcess & { pid: number };
}

/** CPU seconds per wall-clock second over `seconds`. */
export async function measureCores(pid: number, seconds: number): Promise<number> {
  const first = readProcessUsage(pid);
  await sleep(seconds * 1000);
  const last = readProcessUsage(pid);
  if (!first || !last) throw new Error(`process ${pid} is gone or /proc is unreadable`);
  return (last.cpuSeconds - first.cpuSeconds) / ((last.timestamp - first.timestamp) / 1000);
}

/** The state letter of /proc/<pid>/stat: R running, S sleeping, T stopped, ... */
export function processState(pid: number): string | undefined {
  try {
    return /\) (\w) /.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
