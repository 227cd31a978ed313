// The portable source of process usage: `ps -o pid=,time=,rss= -p <pids>`, which macOS, the BSDs and Linux's
// procps all understand. macOS (BSD ps) prints the CPU time as minutes:seconds.centiseconds, the minutes unbounded
// (`125:03.45`); procps prints `[[dd-]hh:]mm:ss` in whole seconds, which is why Linux reads /proc instead. The
// decimal point follows the locale in BSD ps, so ps runs with LC_ALL=C.
// A spawn of ps costs about 20 ms of CPU (measured here) and every pod is read ~20 times a second (CPU
// duty-cycling and the memory watcher), so reads are batched: one spawn reads every pid asked about lately, and
// its readings answer any read for the next FRESH_MS. A failed ps (not exit status 1, which means no such pid) is
// tried again, then answered with the last readings: "gone" ends a pod's CPU limit and memory watch for good.
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

/** How often one batch tries ps before it gives up, and the pause between tries. */
const PS_ATTEMPTS = 3;
const PS_RETRY_MS = 50;

/**
 * stdout of one ps for these pids; empty when none of them exists (ps exits 1). Rejects when ps itself failed
 * (timed out on a loaded machine, could not be spawned, another exit status): that says nothing about the pids.
 */
function runPs(pids: number[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('ps', PS_ARGS(pids), PS_OPTIONS, (error, stdout) =>
      error && error.code !== 1 ? reject(error) : resolve(stdout ?? ''),
    ),
  );
}

export class PsUsageReader {
  private readonly asked = new Map<number, number>();
  private latest: { startedAt: number; covered: Set<number>; usage: Map<number, ProcessUsage> } | undefined;
  /** Each pid's last reading: what a batch answers when ps failed every try (see refresh). */
  private readonly lastReadings = new Map<number, ProcessUsage>();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly ps: (pids: number[]) => Promise<string> = runPs,
    private readonly freshMs = FRESH_MS,
  ) {}

  /** Undefined when the process is gone (or ps answers something else); its last reading when ps keeps failing. */
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
    for (const [pid, at] of this.asked)
      if (startedAt - at > FORGET_MS) {
        this.asked.delete(pid);
        this.lastReadings.delete(pid);
      }
    const pids = [...this.asked.keys()];
    const stdout = await this.psWithRetries(pids);
    if (stdout === undefined) {
      // "Gone" would stop a pod's CPU limit and memory watch for good. The last readings keep their timestamps, so
      // no CPU rate is computed from them (the metrics server and the CPU watch skip a window of zero length).
      const usage = new Map(this.lastReadings);
      this.latest = { startedAt, covered: new Set(pids), usage };
      return;
    }
    const usage = parsePsUsageLines(stdout, Date.now());
    for (const pid of pids) {
      const reading = usage.get(pid);
      if (reading) this.lastReadings.set(pid, reading);
      else this.lastReadings.delete(pid);
    }
    this.latest = { startedAt, covered: new Set(pids), usage };
  }

  /** ps's answer, tried PS_ATTEMPTS times; undefined when every try failed. */
  private async psWithRetries(pids: number[]): Promise<string | undefined> {
    for (let attempt = 1; attempt <= PS_ATTEMPTS; attempt++) {
      try {
        return await this.ps(pids);
      } catch {
        if (attempt < PS_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, PS_RETRY_MS));
      }
    }
    return undefined;
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
