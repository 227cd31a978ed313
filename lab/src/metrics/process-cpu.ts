// Average CPU of the lab's own helper processes over the run (the load generator must not be the bottleneck:
// shared/perf-notes.md's trap). Same source as the metrics-server (/proc, or `ps` without it).
import type { ProcessCpu } from '../results/results.types';
import { processUsageSource, type ProcessUsage, type ProcessUsageSource } from './process-usage';

export class ProcessCpuWatch {
  private readonly first = new Map<string, ProcessUsage>();
  private readonly last = new Map<string, ProcessUsage>();
  private readonly peak = new Map<string, number>();
  private readonly named = new Set<string>();
  private source: ProcessUsageSource | undefined;
  private unavailable: string | undefined;

  /** The source is chosen at the first sample: a run without helper processes never needs one. */
  constructor(private readonly chooseSource: () => ProcessUsageSource = () => processUsageSource()) {}

  async sample(processes: Array<{ name: string; pid: number | undefined }>): Promise<void> {
    for (const { name } of processes) this.named.add(name);
    const watched = processes.filter((p): p is { name: string; pid: number } => p.pid !== undefined);
    if (watched.length === 0 || this.unavailable !== undefined) return;
    try {
      this.source ??= this.chooseSource();
    } catch (error) {
      this.unavailable = (error as Error).message;
      return;
    }
    const source = this.source;
    const readings = await Promise.all(
      watched.map(async ({ name, pid }) => ({ name, usage: await source.read(pid) })),
    );
    for (const { name, usage } of readings) {
      if (!usage) continue;
      const before = this.last.get(name);
      if (before && usage.timestamp > before.timestamp) {
        const cores = (usage.cpuSeconds - before.cpuSeconds) / ((usage.timestamp - before.timestamp) / 1000);
        this.peak.set(name, Math.max(this.peak.get(name) ?? 0, cores));
      }
      if (!this.first.has(name)) this.first.set(name, usage);
      this.last.set(name, usage);
    }
  }

  /** The named process's CPU over the samples so far; undefined while it was never read. */
  usage(name: string): ProcessCpu | undefined {
    const first = this.first.get(name);
    const last = this.last.get(name);
    if (!first || !last) return undefined;
    const seconds = (last.timestamp - first.timestamp) / 1000;
    const averageCores = seconds > 0 ? (last.cpuSeconds - first.cpuSeconds) / seconds : 0;
    return { averageCores, peakCores: this.peak.get(name) ?? 0 };
  }

  /** e.g. `load generator (embedded): 0.31 cores on average, 0.45 at the busiest 5 s` */
  summary(): string[] {
    if (this.unavailable !== undefined)
      return [`the lab's helper processes: not measured (${this.unavailable})`];
    return [...this.named].map((name) => {
      const usage = this.usage(name);
      // e.g. Locust in Docker Desktop: its processes live in the engine's VM, out of this machine's sight.
      if (!usage) return `${name}: not measured (no process of it visible from the lab)`;
      return `${name}: ${usage.averageCores.toFixed(2)} cores on average, ${usage.peakCores.toFixed(2)} at the busiest 5 s`;
    });
  }
}
