// Cumulative CPU time and resident memory of another process (a pod, the load generator): what the metrics-server
// stand-in serves, the CPU and memory limits enforce and the lab's CPU watch reports, all from one source chosen
// at start. process.cpuUsage() only knows the lab itself. /proc is the Linux fast path (two file reads, CPU in
// 10 ms ticks); `ps -o pid=,time=,rss=` the portable one (macOS, BSDs; on Linux only when forced, as procps counts
// whole seconds). LAB_PROCESS_USAGE=proc|ps forces one.
import { procfsAvailable, readProcessUsageFromProcfs } from './procfs-process-usage';
import { psUnavailableReason, readProcessUsageWithPs } from './ps-process-usage';

export interface ProcessUsage {
  /** user + system CPU time since the process started, every thread, in seconds */
  cpuSeconds: number;
  rssBytes: number;
  /** when it was read, ms since epoch */
  timestamp: number;
}

export interface ProcessUsageSource {
  kind: 'procfs' | 'ps';
  /** for the run's notes, e.g. `/proc/<pid>/stat` */
  name: string;
  read(pid: number): Promise<ProcessUsage | undefined>;
}

/** The setting that forces a source (`lab run --process-usage`): `proc` or `ps`; unset, /proc where readable, else `ps`. */
export const PROCESS_USAGE_SETTING = 'LAB_PROCESS_USAGE';
export const PROCESS_USAGE_CHOICES = ['proc', 'ps'] as const;
export type ProcessUsageChoice = (typeof PROCESS_USAGE_CHOICES)[number];

export const procfsUsage: ProcessUsageSource = {
  kind: 'procfs',
  name: '/proc/<pid>/stat',
  read: (pid) => Promise.resolve(readProcessUsageFromProcfs(pid)),
};

export const psUsage: ProcessUsageSource = {
  kind: 'ps',
  name: '`ps -o pid=,time=,rss=`',
  read: readProcessUsageWithPs,
};

/** The source of this machine (or the one the setting forces), or an error saying why there is none. */
export function processUsageSource(setting = process.env[PROCESS_USAGE_SETTING]): ProcessUsageSource {
  const choice = setting?.trim() || undefined;
  if (choice !== undefined && !(PROCESS_USAGE_CHOICES as readonly string[]).includes(choice))
    throw new Error(
      `${PROCESS_USAGE_SETTING}=${choice}: expected proc or ps (unset: /proc where readable, else ps)`,
    );
  if (choice !== 'ps' && procfsAvailable()) return procfsUsage;
  if (choice === 'proc')
    throw new Error(`${PROCESS_USAGE_SETTING}=proc, but /proc/<pid>/stat is not readable on this machine`);
  const psProblem = psUnavailableReason();
  if (psProblem === undefined) return psUsage;
  throw new Error(
    `cannot read the CPU time and memory of the pods: ${choice === 'ps' ? '' : 'no /proc, and '}${psProblem}. ` +
      'The embedded lab runs on Linux, macOS and WSL; on Windows, run it inside WSL 2.',
  );
}

/** For the run's notes and `lab doctor`, e.g. `/proc/<pid>/stat (the Linux fast path)`. */
export function describeProcessUsageSource(source: ProcessUsageSource): string {
  return source.kind === 'procfs'
    ? `${source.name} (the Linux fast path)`
    : `${source.name} (the portable source: CPU time in centiseconds on macOS, in whole seconds with Linux's procps)`;
}
