// A metrics-server for processes: scrapes every pod's cumulative CPU and memory at the metric resolution and
// serves PodUsage like metrics.k8s.io: CPU as the rate between the last two scrapes (the window), memory as
// the last reading. A pod has no metrics until it has been scraped twice, as with the real metrics-server. The
// readings come from the lab's process usage source: /proc on Linux, `ps` elsewhere.
import type { PodUsage } from '../../../metrics/pod-usage';
import type { ProcessUsage, ProcessUsageSource } from '../../../metrics/process-usage';

export interface ScrapedProcess {
  name: string;
  pid: number | undefined;
}

export class ProcessMetricsServer {
  private readonly previous = new Map<string, ProcessUsage>();
  private readonly latest = new Map<string, PodUsage>();
  private timer: NodeJS.Timeout | undefined;
  private scraping = false;

  constructor(
    private readonly listProcesses: () => ScrapedProcess[],
    private readonly usage: Pick<ProcessUsageSource, 'read'>,
    readonly resolutionSeconds = 15,
  ) {}

  start(): void {
    void this.scrape();
    this.timer = setInterval(() => void this.scrape(), this.resolutionSeconds * 1000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One scrape of every pod; a scrape still reading (a slow `ps`) makes the next one skip, never pile up. */
  async scrape(): Promise<void> {
    if (this.scraping) return;
    this.scraping = true;
    try {
      const listed = this.listProcesses().filter(
        (p): p is { name: string; pid: number } => p.pid !== undefined,
      );
      this.record(
        await Promise.all(listed.map(async ({ name, pid }) => ({ name, usage: await this.usage.read(pid) }))),
      );
    } finally {
      this.scraping = false;
    }
  }

  private record(readings: Array<{ name: string; usage: ProcessUsage | undefined }>): void {
    const seen = new Set<string>();
    for (const { name, usage } of readings) {
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
