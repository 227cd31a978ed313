// Where the limiters read another process's CPU time and memory: process.cpuUsage() only knows the lab itself.
// Linux: /proc/<pid>/stat and /status (every thread's CPU, as a cgroup counts it). Elsewhere (macOS):
// `ps -o time=,rss=`, one spawn per reading and centisecond CPU times.
import { procfsAvailable, readProcessUsage, type ProcessUsage } from '../../../metrics/process-usage';
import { readProcessUsageWithPs } from '../../../metrics/ps-process-usage';

export interface ProcessUsageSource {
  /** for the run's notes, e.g. `/proc/<pid>/stat` */
  name: string;
  read(pid: number): Promise<ProcessUsage | undefined>;
}

export const procfsUsage: ProcessUsageSource = {
  name: '/proc/<pid>/stat',
  read: (pid) => Promise.resolve(readProcessUsage(pid)),
};

export const psUsage: ProcessUsageSource = { name: '`ps -o time=,rss=`', read: readProcessUsageWithPs };

export const processUsageSource = (): ProcessUsageSource => (procfsAvailable() ? procfsUsage : psUsage);
