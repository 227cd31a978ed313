// The one seam between the runner and where an experiment runs. `local` (processes on this machine) implements
// it now; `kind` and `gke` adapters implement the same interface, so recording, progress and the report are
// one code path for every target.
import type { Fault, FaultKind } from '../faults/fault-spec';
import type { LoadRun } from '../load/load-run';
import type { Profile } from '../profiles/profiles';
import type {
  HpaDecisionRecord,
  HpaInfo,
  HpaMetricSample,
  PodObservation,
  PodResources,
  RunTarget,
  ScaleEventRecord,
  SpanSummary,
} from '../results/results.types';
import type { ResultsWriter } from '../results/results-writer';

/** What the target reports to the runner as it happens (time and elapsed seconds are added by the recorder). */
/** A process of the lab's machine whose CPU the run records. */
export interface HelperProcess {
  name: string;
  pid: number | undefined;
  /** the load generator: its CPU goes to meta.json, and the report warns when it took much of the machine */
  loadGenerator?: boolean;
}

export interface TargetRecorder {
  decision(record: Omit<HpaDecisionRecord, 'time' | 'elapsedSeconds'>): void;
  event(record: Omit<ScaleEventRecord, 'time' | 'elapsedSeconds'>): void;
  missing(part: string, reason: string): void;
  note(text: string): void;
  /** one-line messages for the terminal */
  log(message: string): void;
}

/** The state of the scaled workload at one instant (a timeline sample without the load part). */
export interface TargetObservation {
  replicas: { desired: number; current: number; ready: number };
  cpuUtilization: { current: number | null; target: number | null };
  hpaMetrics: HpaMetricSample[];
  pods: PodObservation[];
}

export interface TargetDescription {
  hpa: HpaInfo;
  podResources?: PodResources;
  cluster?: { context: string; namespace: string; serverVersion?: string; nodes?: string[] };
}

/** A fault in place: what was done, and when it is over (timed faults undone, the workload recovered). */
export interface FaultInjection {
  /** e.g. `killed pod iris-00002 (SIGKILL, no drain)` */
  started: string;
  /** resolves, with what happened, once the fault is over; never rejects (a failed recovery is said in words) */
  ended: Promise<string>;
}

export interface Target {
  readonly name: RunTarget;
  /** The HPA and pod template as they will be applied (for meta.json), known before anything starts. */
  describe(): TargetDescription;
  /** Brings the workload to its minimum replicas, ready and stable, with the autoscaler running. */
  start(recorder: TargetRecorder): Promise<void>;
  /** Starts the swarm against the workload's Service; its CSVs go to the results writer. */
  startLoad(profile: Profile, results: ResultsWriter): LoadRun;
  observe(): Promise<TargetObservation>;
  /** The fault kinds it can play (the live view offers these). */
  readonly faultKinds: readonly FaultKind[];
  /** Plays one fault now (rejects, saying why, when it cannot be played). */
  injectFault(fault: Fault): Promise<FaultInjection>;
  /** Processes of the lab machine worth watching (load generator, balancer), with their CPU in the report. */
  helperProcesses(): HelperProcess[];
  /** Span breakdown of the run window, or undefined (with a `missing` note) when traces are unavailable. */
  spanSummary(): Promise<SpanSummary | undefined>;
  /** Stops everything it started; nothing may be left running afterwards. */
  stop(): Promise<void>;
  /** Synchronous last resort from a process exit handler. */
  killNow(): void;
}
