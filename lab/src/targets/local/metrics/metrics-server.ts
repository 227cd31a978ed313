// A metrics-server for processes: scrapes every pod's cumulative CPU and memory at the metric resolution and
// serves PodUsage like metrics.k8s.io: CPU as the rate between the last two scrapes (the window), memory as
// the last reading. A pod has no metrics until it has been scraped twice, as with the real metrics-server.
import type { PodUsage } from '../../../metrics/pod-usage';
import { readProcessUsage, type ProcessUsage } from '../../../metrics/process-usage';

export interface ScrapedProcess {
  name: string;
  pid: number | undefined;
}

export class ProcessMetricsServer {
  private readonly previous = new Map<string, ProcessUsage>();
  private readonly latest = new Map<string, PodUsage>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly listProcesses: () => ScrapedProcess[],
    readonly resolutionSeconds = 15,
    private readonly readUsage: (pid: number) => ProcessUsage | undefined = readProcessUsage,
  ) {}

  start(): void {
    this.scrape();
    this.timer = setInterval(() => this.scrape(), this.resolutionSeconds * 1000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  scrape(): void {
    const seen = new Set<string>();
    for (const { name, pid } of this.listProcesses()) {
      if (pid === undefined) continue;
      const usage = this.readUsage(pid);
      if (!usage) continue;
      seen.add(name);
      const before = this.previous.get(name);
      this.previous.set(name, usage);
      if (!before || usage.timestamp <= before.timestamp) continue;
      const windowSeconds = (usage.timestamp - before.timestamp) / 1000;
      this.latest.set(name, {
        pod: name,
        timestamp: usage.timestamp,
        windowSeconds,
        cpuMillicores: (Math.max(0, usage.cpuSeconds - before.cpuSeconds) / windowSeconds) * 1000,
        memoryBytes: usage.rssBytes,
      });
    }
    for (const name of [...this.previous.keys()].filter((n) => !seen.has(n))) {
      this.previous.delete(name);
      this.latest.delete(name);
    }
  }

  /** What `kubectl top pods` / the HPA's metrics client would read now. */
  podMetrics(): PodUsage[] {
    return [...this.latest.values()];
  }
}
