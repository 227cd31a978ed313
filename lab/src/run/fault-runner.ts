// Plays a run's faults on its target: the scheduled ones (profile `faults:`, `--fault`) at their time after the
// swarm's start, and those `lab fault` sends to the running lab. Each fault's start and end (or failure) is an
// event of events.jsonl (kind fault-start / fault-end / fault-failed, with the spec), so the report's timeline
// and its failure analysis see it.
import type { Fault } from '../faults/fault-spec';
import type { Target, TargetRecorder } from '../target-api/target';

export class FaultRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly playing = new Map<Fault, Promise<void>>();
  private swarmStartedAt: number | undefined;
  private stopped = false;

  constructor(
    private readonly target: Pick<Target, 'injectFault'>,
    private readonly recorder: TargetRecorder,
  ) {}

  /** Refuses, before anything starts, a fault planned after the run's planned end. */
  static checkSchedule(faults: readonly Fault[], plannedSeconds: number | undefined): void {
    if (plannedSeconds === undefined) return;
    const late = faults.filter((fault) => (fault.atSeconds ?? 0) >= plannedSeconds);
    if (late.length > 0)
      throw new Error(
        `fault${late.length > 1 ? 's' : ''} ${late.map((f) => f.spec).join(', ')} would start after the swarm's planned ${plannedSeconds} s`,
      );
  }

  /** The swarm starts now: the scheduled faults count from here. */
  start(faults: readonly Fault[]): void {
    this.swarmStartedAt = Date.now();
    for (const fault of faults) this.later(fault, (fault.atSeconds ?? 0) * 1000);
  }

  /** A fault sent to the running lab: at once without `@<at>`, else at that time of the swarm (not in the past). */
  async inject(fault: Fault): Promise<string> {
    if (this.stopped) throw new Error('the run is stopping');
    if (this.swarmStartedAt === undefined) throw new Error('the swarm has not started yet');
    if (fault.atSeconds === undefined) return this.play(fault);
    const swarmSeconds = (Date.now() - this.swarmStartedAt) / 1000;
    const delayMs = (fault.atSeconds - swarmSeconds) * 1000;
    if (delayMs < 0)
      throw new Error(
        `@${fault.atSeconds} s is past: the swarm has been running for ${swarmSeconds.toFixed(0)} s`,
      );
    this.later(fault, delayMs);
    return `scheduled at ${fault.atSeconds} s of the swarm (in ${(delayMs / 1000).toFixed(0)} s)`;
  }

  /** Cancels what has not started; a fault still playing ends with the run (its end event says so). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const fault of this.playing.keys()) this.end(fault, 'the run ended while it played');
    this.playing.clear();
  }

  private later(fault: Fault, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.play(fault).catch(() => undefined);
    }, delayMs);
    this.timers.add(timer);
  }

  private async play(fault: Fault): Promise<string> {
    let started: string;
    let ended: Promise<string>;
    try {
      ({ started, ended } = await this.target.injectFault(fault));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.record('fault-failed', fault, reason);
      throw new Error(`fault ${fault.spec} could not be played: ${reason}`);
    }
    this.record('fault-start', fault, started);
    this.playing.set(
      fault,
      ended.then((message) => {
        if (this.playing.delete(fault)) this.end(fault, message);
      }),
    );
    return started;
  }

  private end(fault: Fault, message: string): void {
    this.record('fault-end', fault, message);
  }

  private record(kind: 'fault-start' | 'fault-end' | 'fault-failed', fault: Fault, message: string): void {
    if (this.stopped && kind !== 'fault-end') return;
    this.recorder.event({ kind, fault: fault.spec, source: 'lab', message });
    this.recorder.log(`fault ${fault.spec}: ${message}`);
  }
}
