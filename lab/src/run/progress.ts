// One line per timeline tick: users, req/s, failures, p50/p95, pods ready/desired, CPU vs target. On a TTY the
// line updates in place; in a log (CI, pipes) each tick is its own line.
import type { LoadSnapshot } from '../load/load-run';
import type { TargetObservation } from '../target-api/target';

export function progressLine(
  elapsedSeconds: number,
  plannedSeconds: number | undefined,
  load: LoadSnapshot | undefined,
  target: TargetObservation,
): string {
  const time = plannedSeconds
    ? `${Math.round(elapsedSeconds)}/${plannedSeconds}s`
    : `${Math.round(elapsedSeconds)}s`;
  const ms = (value: number | null | undefined) =>
    value === null || value === undefined ? '-' : `${Math.round(value)}`;
  const cpu = target.cpuUtilization;
  return [
    `[${time}]`,
    `users ${load?.users ?? 0}`,
    `${(load?.requestsPerSecond ?? 0).toFixed(1)} req/s`,
    `fails ${load?.totalFailures ?? 0}`,
    `p50/p95 ${ms(load?.p50Ms)}/${ms(load?.p95Ms)} ms`,
    `pods ${target.replicas.ready}/${target.replicas.desired}`,
    `cpu ${cpu.current === null ? '-' : `${Math.round(cpu.current)}%`}/${cpu.target ?? '-'}%`,
  ].join('  ');
}

/** Where progress goes: the terminal by default (tests pass a recording stream). */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressPrinter {
  private readonly tty: boolean;
  private open = false;

  constructor(private readonly out: ProgressOutput = process.stdout) {
    this.tty = Boolean(out.isTTY);
  }

  line(text: string): void {
    if (this.tty) {
      this.out.write(`\r\x1b[2K${text}`);
      this.open = true;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  message(text: string): void {
    if (this.open) this.out.write('\n');
    this.open = false;
    this.out.write(`${text}\n`);
  }
}
