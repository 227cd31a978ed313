// The kernel's OOM killer for one container, from user space: the process's resident memory is read every
// interval and the first reading above the limit calls onOverLimit (the pod then SIGKILLs it as OOMKilled).
// The kernel acts at the allocation that passes memory.max and counts page cache too; this watcher sees the
// RSS only, up to one interval late, so a fast allocator can pass the limit briefly before it is killed.
export const MEMORY_CHECK_MS = 100;

/** Bytes as a manifest writes memory, e.g. `512Mi`. */
export const mebibytesText = (bytes: number): string => `${Math.round(bytes / 2 ** 20)}Mi`;

export class MemoryWatcher {
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(
    private readonly pid: number,
    private readonly limitBytes: number,
    private readonly readRssBytes: (pid: number) => Promise<number | undefined>,
    private readonly onOverLimit: (rssBytes: number) => void,
    private readonly intervalMs = MEMORY_CHECK_MS,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    const rss = await this.readRssBytes(this.pid);
    this.reading = false;
    if (this.timer === undefined) return;
    if (rss === undefined) return this.stop();
    if (rss > this.limitBytes) {
      this.stop();
      this.onOverLimit(rss);
    }
  }
}
