// The portable source of process usage: `ps -o time=,rss= -p <pid>`, which macOS, the BSDs and Linux's procps all
// understand. macOS (BSD ps) prints the CPU time as minutes:seconds.centiseconds, the minutes unbounded
// (`125:03.45`); procps prints `[[dd-]hh:]mm:ss` in whole seconds, which is why Linux reads /proc instead. The
// decimal point follows the locale in BSD ps, so ps runs with LC_ALL=C. One spawn per reading.
import { execFile, execFileSync } from 'node:child_process';
import type { ProcessUsage } from './process-usage';

const PS_ARGS = (pid: number) => ['-o', 'time=,rss=', '-p', String(pid)];
const PS_OPTIONS = { timeout: 2000, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' } as const;

/** `[[dd-]hh:]mm:ss` (procps) or `m:ss.cc` (BSD/macOS) → seconds; undefined for anything else. */
export function parsePsCpuTime(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:[.,]\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 86_400 +
    Number(hours ?? 0) * 3600 +
    Number(minutes) * 60 +
    Number(seconds.replace(',', '.'))
  );
}

/** One line of `ps -o time=,rss=` → usage; undefined when it is not that (no such process, another ps). */
export function parsePsUsageLine(stdout: string, timestamp: number): ProcessUsage | undefined {
  const [time, rssKiB, ...rest] = stdout.trim().split(/\s+/);
  const cpuSeconds = time === undefined ? undefined : parsePsCpuTime(time);
  if (cpuSeconds === undefined || !/^\d+$/.test(rssKiB ?? '') || rest.length > 0) return undefined;
  return { cpuSeconds, rssBytes: Number(rssKiB) * 1024, timestamp };
}

/** Undefined when the process is gone or `ps` answers something else. */
export function readProcessUsageWithPs(pid: number): Promise<ProcessUsage | undefined> {
  return new Promise((resolve) => {
    execFile('ps', PS_ARGS(pid), PS_OPTIONS, (error, stdout) =>
      resolve(error ? undefined : parsePsUsageLine(stdout, Date.now())),
    );
  });
}

/** Why `ps` cannot read this very process, or undefined when it can: the check made once at start. */
export function psUnavailableReason(): string | undefined {
  let stdout: string;
  try {
    stdout = execFileSync('ps', PS_ARGS(process.pid), { ...PS_OPTIONS, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code === 'ENOENT'
      ? 'no `ps` on PATH'
      : `\`ps ${PS_ARGS(process.pid).join(' ')}\` failed (${message})`;
  }
  return parsePsUsageLine(stdout, Date.now())
    ? undefined
    : `\`ps ${PS_ARGS(process.pid).join(' ')}\` answered ${JSON.stringify(stdout.trim())}, not a CPU time and a resident size`;
}
