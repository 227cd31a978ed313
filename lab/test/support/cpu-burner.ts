// A child process that keeps one core busy until killed, and the cores it used over a window as /proc counts
// them: the measure of a CPU limit's precision, against an unlimited twin on a machine shared with other work.
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

/** CPU seconds per wall-clock second of each process over the same `seconds`. */
export async function measureCores(pids: number[], seconds: number): Promise<number[]> {
  const read = () =>
    pids.map((pid) => {
      const usage = readProcessUsage(pid);
      if (!usage) throw new Error(`process ${pid} is gone or /proc is unreadable`);
      return usage;
    });
  const first = read();
  await sleep(seconds * 1000);
  return read().map(
    (last, i) => (last.cpuSeconds - first[i].cpuSeconds) / ((last.timestamp - first[i].timestamp) / 1000),
  );
}

/**
 * What a process under `limit` cores should use while an unlimited twin shows what the machine gives one process:
 * the limit, or less on a machine too busy to give that much (a limit is a ceiling, not a reservation).
 */
export const expectedCores = (limit: number, unlimitedTwin: number): number => Math.min(limit, unlimitedTwin);

/** The state letter of /proc/<pid>/stat: R running, S sleeping, T stopped, ... */
export function processState(pid: number): string | undefined {
  try {
    return /\) (\w) /.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
