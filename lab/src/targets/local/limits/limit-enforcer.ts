// Enforces a pod's resources.limits on every container (process) it starts, as the kubelet and the kernel do:
// CPU by a cgroup's CFS quota (v2, else v1) where the lab may create one, otherwise by duty-cycling the process
// in 100 ms periods; memory by a watcher that has the pod kill the container above its limit (OOMKilled, then restarted).
import { join } from 'node:path';
import type { CfsCounters, CpuLimiter } from './cpu-limiter';
import { CgroupCpuLimiter } from './cgroup-cpu-limiter';
import { prepareCgroupParent, removeCgroup, type CgroupVersion } from './cgroup-parent';
import { DutyCycleCpuLimiter } from './duty-cycle-cpu-limiter';
import { MEMORY_CHECK_MS, MemoryWatcher, mebibytesText } from './memory-watcher';
import { processUsageSource, type ProcessUsageSource } from '../../../metrics/process-usage';
import type { ResourceAmounts } from '../../../manifests/deployment-manifest';

export type CpuLimitStrategy = 'cgroup' | 'duty-cycle';

export interface LimitEnforcerOptions {
  limits: ResourceAmounts;
  /** force a CPU strategy; by default a cgroup where the lab may create one, else duty-cycling */
  cpuStrategy?: CpuLimitStrategy;
  usage?: ProcessUsageSource;
  memoryCheckMs?: number;
  /** told once when a container's cgroup cannot be made and the lab duty-cycles instead */
  warn?: (message: string) => void;
}

/** One container under its limits; release() once it has exited. */
export interface EnforcedContainer {
  /** CFS counters of this container; undefined without a CPU limit */
  cpuCounters(): CfsCounters | undefined;
  release(): void;
}

export class LimitEnforcer {
  readonly cpuStrategy: CpuLimitStrategy | undefined;
  private readonly cgroup: { dir: string; version: CgroupVersion } | undefined;
  private readonly cgroupUnavailable: string | undefined;
  private readonly usage: ProcessUsageSource;
  private containers = 0;
  private warned = false;

  constructor(private readonly options: LimitEnforcerOptions) {
    this.usage = options.usage ?? processUsageSource();
    if (options.limits.cpuMillicores === undefined) return;
    if (options.cpuStrategy === 'duty-cycle') {
      this.cpuStrategy = 'duty-cycle';
      return;
    }
    const parent = prepareCgroupParent(`iris-lab-${process.pid}`);
    if (!parent.available && options.cpuStrategy === 'cgroup')
      throw new Error(`cannot enforce CPU limits with a cgroup: ${parent.reason}`);
    this.cpuStrategy = parent.available ? 'cgroup' : 'duty-cycle';
    this.cgroup = parent.available ? { dir: parent.dir, version: parent.version } : undefined;
    this.cgroupUnavailable = parent.available ? undefined : parent.reason;
  }

  get limits(): ResourceAmounts {
    return this.options.limits;
  }

  /** How the limits are enforced, in a sentence for the run's notes. */
  describe(): string {
    const { cpuMillicores, memoryBytes } = this.options.limits;
    const parts = [];
    if (cpuMillicores !== undefined) {
      parts.push(
        this.cgroup
          ? `CPU ${cpuMillicores}m per pod by the kernel's CFS quota of a cgroup v${this.cgroup.version} per pod under ${this.cgroup.dir}`
          : `CPU ${cpuMillicores}m per pod by stopping each pod's process (SIGSTOP) once it ` +
              `used its quota of a 100 ms period and continuing it at the next, its CPU time read from ` +
              `${this.usage.name}${this.cgroupUnavailable ? ` (no cgroup: ${this.cgroupUnavailable})` : ''}`,
      );
    }
    if (memoryBytes !== undefined)
      parts.push(
        `memory ${mebibytesText(memoryBytes)} by reading each pod's resident memory every ${this.options.memoryCheckMs ?? MEMORY_CHECK_MS} ms ` +
          `(${this.usage.name}) and killing it as OOMKilled above the limit`,
      );
    return parts.length ? `Limits enforced: ${parts.join('; ')}.` : 'The pods have no resources.limits.';
  }

  enforce(container: string, pid: number, onOutOfMemory: (rssBytes: number) => void): EnforcedContainer {
    const { cpuMillicores, memoryBytes } = this.options.limits;
    const cpu = cpuMillicores === undefined ? undefined : this.limitCpu(container, pid, cpuMillicores);
    const memory =
      memoryBytes === undefined
        ? undefined
        : new MemoryWatcher(
            pid,
            memoryBytes,
            async (target) => (await this.usage.read(target))?.rssBytes,
            onOutOfMemory,
            this.options.memoryCheckMs,
          ).start();
    return {
      cpuCounters: () => cpu?.counters(),
      release: () => {
        cpu?.stop();
        memory?.stop();
      },
    };
  }

  /** Removes the lab's cgroup once every container has been released. */
  close(): void {
    if (this.cgroup) removeCgroup(this.cgroup.dir);
  }

  private limitCpu(container: string, pid: number, millicores: number): CpuLimiter {
    if (this.cgroup) {
      const dir = join(this.cgroup.dir, `${container}-${++this.containers}`);
      try {
        return new CgroupCpuLimiter(dir, pid, millicores, this.cgroup.version);
      } catch (error) {
        if (!this.warned)
          this.options.warn?.(
            `CPU limit of ${container} by duty-cycling: its cgroup ${dir} could not be made (${(error as Error).message}).`,
          );
        this.warned = true;
      }
    }
    return new DutyCycleCpuLimiter({
      pid,
      millicores,
      readCpuSeconds: async (target) => (await this.usage.read(target))?.cpuSeconds,
    }).start();
  }
}
