// CFS bandwidth control imitated from user space, as cpulimit does, so it needs no privilege and works wherever
// signals do (macOS too): each 100 ms period the process may run for its quota (limit × period); once the CPU
// time it used in the period reaches the quota it is stopped (SIGSTOP) until the period ends (SIGCONT). A
// stopped process keeps its sockets: requests wait for the next period, as under CFS throttling. Readings come
// between checks and /proc counts CPU in clock ticks, so a period can overshoot: the excess is carried into the
// next periods as debt, which keeps the long-run average at the limit; unused quota expires at the period's
// end, as in CFS without burst.
import { setTimeout as sleep } from 'node:timers/promises';
import { CFS_PERIOD_MS, noCfsCounters, type CfsCounters, type CpuLimiter } from './cpu-limiter';

export type HoldSignal = 'SIGSTOP' | 'SIGCONT';

export interface DutyCycleOptions {
  pid: number;
  millicores: number;
  /** cumulative CPU seconds of the process, undefined once it is gone */
  readCpuSeconds: (pid: number) => Promise<number | undefined>;
  /** process.kill by default */
  signal?: (pid: number, signal: HoldSignal) => void;
  periodMs?: number;
}

/** Checks closer together than this cost more than they gain: /proc counts CPU in 10 ms ticks. */
const MIN_CHECK_MS = 2;

export class DutyCycleCpuLimiter implements CpuLimiter {
  private readonly totals = noCfsCounters();
  private readonly stopping = new AbortController();
  private held = false;

  constructor(private readonly options: DutyCycleOptions) {}

  start(): this {
    void this.run();
    return this;
  }

  counters(): CfsCounters {
    return { ...this.totals };
  }

  stop(): void {
    this.stopping.abort();
    this.setHeld(false);
  }

  private async run(): Promise<void> {
    const { pid, millicores, readCpuSeconds } = this.options;
    const periodMs = this.options.periodMs ?? CFS_PERIOD_MS;
    const quotaSeconds = (millicores / 1000) * (periodMs / 1000);
    let last = await readCpuSeconds(pid);
    let credit = 0;
    let periodEnd = Date.now();
    while (last !== undefined && !this.stopping.signal.aborted) {
      // A lab too busy to keep the cadence starts a fresh period instead of catching up.
      periodEnd = Math.max(periodEnd + periodMs, Date.now());
      credit = Math.min(credit, 0) + quotaSeconds;
      let used = 0;
      let throttled = false;
      for (;;) {
        const left = periodEnd - Date.now();
        if (left <= 0 || this.stopping.signal.aborted) break;
        if (credit <= 0) {
          throttled = true;
          const heldAt = Date.now();
          this.setHeld(true);
          await this.pause(left);
          this.setHeld(false);
          this.totals.throttledSeconds += (Date.now() - heldAt) / 1000;
          break;
        }
        await this.pause(Math.min(left, Math.max(MIN_CHECK_MS, credit * 1000)));
        const now = await readCpuSeconds(pid);
        if (now === undefined) {
          last = undefined;
          break;
        }
        const delta = Math.max(0, now - last!);
        last = now;
        used += delta;
        credit -= delta;
      }
      if (used > 0 || throttled) this.totals.periods += 1;
      if (throttled) this.totals.throttledPeriods += 1;
    }
    this.setHeld(false);
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private setHeld(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    try {
      (this.options.signal ?? process.kill)(this.options.pid, held ? 'SIGSTOP' : 'SIGCONT');
    } catch {
      // The process is gone: nothing left to hold or release.
    }
  }
}
