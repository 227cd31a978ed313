// Spans the pods lost before they reached the lab's receiver, from each pod's own counters at GET /metrics.
// A pod is read when it is deleted (scale-down, while it still serves during its grace period) and every live pod
// at the end of the run; the last reading of each pod counts. Not counted: spans lost after the last reading (in a
// pod's shutdown flush) and those of a container before a liveness restart (its counters start at zero again).
import { scrapeSpanExportCounters, type SpanExportCounters } from './metrics/span-export-counters';

export interface LostSpanTotals {
  lost: number;
  podsRead: number;
  /** pods whose counters could not be read, with why */
  unread: string[];
}

export class LostSpanTally {
  private readonly byPod = new Map<string, SpanExportCounters>();
  private readonly failures = new Map<string, string>();
  private readonly reads: Promise<void>[] = [];

  constructor(
    private readonly scrape: (port: number) => Promise<SpanExportCounters> = scrapeSpanExportCounters,
  ) {}

  /** Reads the counters of these pods now (errors are kept for the totals, never thrown). */
  read(pods: Array<{ name: string; port: number }>): Promise<void> {
    const reading = Promise.all(
      pods.map(async ({ name, port }) => {
        try {
          this.byPod.set(name, await this.scrape(port));
          this.failures.delete(name);
        } catch (error) {
          if (!this.byPod.has(name))
            this.failures.set(name, error instanceof Error ? error.message : String(error));
        }
      }),
    ).then(() => undefined);
    this.reads.push(reading);
    return reading;
  }

  /** The sums once every read started so far has finished. */
  async totals(): Promise<LostSpanTotals> {
    await Promise.all(this.reads);
    const counters = [...this.byPod.values()];
    return {
      lost: counters.reduce((sum, c) => sum + c.lost, 0),
      podsRead: counters.length,
      unread: [...this.failures].map(([pod, reason]) => `${pod} (${reason})`),
    };
  }
}
