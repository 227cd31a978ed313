// Cumulative CPU time and resident memory of one process from `ps -o time=,rss= -p <pid>`, for systems without
// /proc (macOS). It is what the pidusage package runs on macOS, in one spawn and without the dependency. macOS
// prints centiseconds (`1:02.35`); procps on Linux whole seconds (`00:01:02`), so Linux reads /proc instead.
import { execFile } from 'node:child_process';
import type { ProcessUsage } from './process-usage';

/** `[[dd-]hh:]mm:ss[.cc]` → seconds; undefined for anything else. */
export function parsePsCpuTime(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Undefined when the process is gone or `ps` answers something else. */
export function readProcessUsageWithPs(pid: number): Promise<ProcessUsage | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'time=,rss=', '-p', String(pid)], { timeout: 2000 }, (error, stdout) => {
      const [time, rssKiB] = error ? [] : stdout.trim().split(/\s+/);
      const cpuSeconds = time === undefined ? undefined : parsePsCpuTime(time);
      if (cpuSeconds === undefined || !/^\d+$/.test(rssKiB ?? '')) return resolve(undefined);
      resolve({ cpuSeconds, rssBytes: Number(rssKiB) * 1024, timestamp: Date.now() });
    });
  });
}
