import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { CpuBurner } from './cpu-burner';

export const SERVICE_FAULT_KINDS = ['slow-model', 'cpu-burn', 'error-rate', 'readiness-fail'] as const;
export type ServiceFaultKind = (typeof SERVICE_FAULT_KINDS)[number];

export interface ActiveFault {
  kind: ServiceFaultKind;
  /** slow-model: ms; cpu-burn: millicores; error-rate: percent */
  amount?: number;
  /** when the fault ends, ISO-8601 */
  until: string;
}

interface Playing {
  amount?: number;
  until: number;
  timer: NodeJS.Timeout;
  burner?: CpuBurner;
}

/**
 * The faults this pod is playing (the lab's slow model, CPU burn, error rate and failing readiness), each for a
 * duration after which it ends by itself: a lab that dies mid-run leaves no fault behind. Inert until the fault
 * endpoint (registered only with IRIS_FAULTS_ENABLED=true) starts one.
 */
@Injectable()
export class FaultState implements OnModuleDestroy {
  private readonly logger = new Logger(FaultState.name);
  private readonly playing = new Map<ServiceFaultKind, Playing>();

  /** Starts (or replaces) one fault for `durationMs`. */
  play(kind: ServiceFaultKind, durationMs: number, amount?: number): ActiveFault {
    void this.end(kind);
    const timer = setTimeout(() => void this.end(kind), durationMs);
    timer.unref();
    const burner = kind === 'cpu-burn' ? new CpuBurner(amount ?? 0) : undefined;
    this.playing.set(kind, { amount, until: Date.now() + durationMs, timer, burner });
    this.logger.warn(`fault ${kind}${amount === undefined ? '' : ` ${amount}`} for ${durationMs} ms`);
    return this.describe(kind)!;
  }

  active(): ActiveFault[] {
    return [...this.playing.keys()].map((kind) => this.describe(kind)!);
  }

  /** slow-model: waits the added time without using CPU (an I/O-bound model, a remote call). */
  async modelDelay(): Promise<void> {
    const delayMs = this.playing.get('slow-model')?.amount;
    if (delayMs) await sleep(delayMs);
  }

  /** error-rate: whether this request is one of the share answered 500. */
  failsRequest(): boolean {
    const percent = this.playing.get('error-rate')?.amount;
    return percent !== undefined && Math.random() * 100 < percent;
  }

  get readinessFailing(): boolean {
    return this.playing.has('readiness-fail');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.playing.keys()].map((kind) => this.end(kind)));
  }

  private async end(kind: ServiceFaultKind): Promise<void> {
    const fault = this.playing.get(kind);
    if (!fault) return;
    this.playing.delete(kind);
    clearTimeout(fault.timer);
    this.logger.log(`fault ${kind} ended`);
    await fault.burner?.stop();
  }

  private describe(kind: ServiceFaultKind): ActiveFault | undefined {
    const fault = this.playing.get(kind);
    if (!fault) return undefined;
    return {
      kind,
      ...(fault.amount !== undefined && { amount: fault.amount }),
      until: new Date(fault.until).toISOString(),
    };
  }
}
