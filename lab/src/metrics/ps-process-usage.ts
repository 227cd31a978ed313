// The portable source of process usage: `ps -o pid=,time=,rss= -p <pids>`, which macOS, the BSDs and Linux's
// procps all understand. macOS (BSD ps) prints the CPU time as minutes:seconds.centiseconds, the minutes unbounded
// (`125:03.45`); procps prints `[[dd-]hh:]mm:ss` in whole seconds, which is why Linux reads /proc instead. The
// decimal point follows the locale in BSD ps, so ps runs with LC_ALL=C.
// A spawn of ps costs about 20 ms of CPU (measured here) and every pod is read ~20 times a second (CPU
// duty-cycling and the memory watcher), so reads are batched: one spawn reads every pid asked about lately, and
// its readings answer any read for the next FRESH_MS.
import { execFile, execFileSync } from 'node:child_process';
import type { ProcessUsage } from './process-usage';

/** How old a batch may be and still answer a read: a fifth of a 100 ms CPU period. */
export const FRESH_MS = 20;
/** A pid nobody asked about for this long leaves the batch (its process is gone or no longer watched). */
const FORGET_MS = 1000;

const PS_ARGS = (pids: number[]) => ['-o', 'pid=,time=,rss=', '-p', pids.join(',')];
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

/** The lines of `ps -o pid=,time=,rss=` → usage per pid; a line that is not that is left out. */
export function parsePsUsageLines(stdout: string, timestamp: number): Map<number, ProcessUsage> {
  const usage = new Map<number, ProcessUsage>();
  for (const line of stdout.split('\n')) {
    const [pid, time, rssKiB, ...rest] = line.trim().split(/\s+/);
    const cpuSeconds = time === undefined ? undefined : parsePsCpuTime(time);
    if (
      !/^\d+$/.test(pid ?? '') ||
      cpuSeconds === undefined ||
      !/^\d+$/.test(rssKiB ?? '') ||
      rest.length > 0
    )
      continue;
    usage.set(Number(pid), { cpuSeconds, rssBytes: Number(rssKiB) * 1024, timestamp });
  }
  return usage;
}

/** stdout of one ps for these pids; empty when none of them exists (ps exits 1) or ps cannot run. */
function runPs(pids: number[]): Promise<string> {
  return new Promise((resolve) =>
    execFile('ps', PS_ARGS(pids), PS_OPTIONS, (_error, stdout) => resolve(stdout ?? '')),
  );
}

export class PsUsageReader {
  private readonly asked = new Map<number, number>();
  private latest: { startedAt: number; covered: Set<number>; usage: Map<number, ProcessUsage> } | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly ps: (pids: number[]) => Promise<string> = runPs,
    private readonly freshMs = FRESH_MS,
  ) {}

  /** Undefined when the process is gone (or ps answers something else). */
  async read(pid: number): Promise<ProcessUsage | undefined> {
    const askedAt = Date.now();
    this.asked.set(pid, askedAt);
    // At most two batches: the one in flight may predate the question; the next includes the pid and starts after.
    for (;;) {
      const batch = this.latest;
      if (batch && batch.covered.has(pid) && batch.startedAt >= askedAt - this.freshMs)
        return batch.usage.get(pid);
      await (this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined)));
    }
  }

  private async refresh(): Promise<void> {
    // Reads asked in the same turn of the event loop (a scrape of every pod) join this batch.
    await new Promise((resolve) => setImmediate(resolve));
    const startedAt = Date.now();
    for (const [pid, at] of this.asked) if (startedAt - at > FORGET_MS) this.asked.delete(pid);
    const pids = [...this.asked.keys()];
    const stdout = await this.ps(pids);
    this.latest = { startedAt, covered: new Set(pids), usage: parsePsUsageLines(stdout, Date.now()) };
  }
}

const shared = new PsUsageReader();

/** One process's usage through the lab's shared batch of `ps` readings. */
export const readProcessUsageWithPs = (pid: number): Promise<ProcessUsage | undefined> => shared.read(pid);

/** Why `ps` cannot read this very process, or undefined when it can: the check made once at start. */
export function psUnavailableReason(): string | undefined {
  const command = `ps ${PS_ARGS([process.pid]).join(' ')}`;
  let stdout: string;
  try {
    stdout = execFileSync('ps', PS_ARGS([process.pid]), { ...PS_OPTIONS, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code === 'ENOENT' ? 'no `ps` on PATH' : `\`${command}\` failed (${message})`;
  }
  return parsePsUsageLines(stdout, Date.now()).has(process.pid)
    ? undefined
    : `\`${command}\` answered ${JSON.stringify(stdout.trim())}, not a pid, a CPU time and a resident size`;
}
