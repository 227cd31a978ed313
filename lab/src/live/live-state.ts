// What the live view shows, kept from the records the runner also hands the results writer (timeline samples,
// HPA decisions, events) plus the load generator's snapshot every second. Fed the same way for every target, so
// a kind or GKE run shows as the embedded lab does. `view()` is the JSON the page receives.
import { FAULT_ARGUMENTS, isTimedFault, type FaultKind } from '../faults/fault-spec';
import type { LoadSnapshot } from '../load/load-run';
import type { ChartInput } from '../report/chart-options';
import type { CapacityPoint, LoadPoint } from '../report/report-model';
import type {
  HpaDecisionRecord,
  HpaInfo,
  RunStatus,
  RunTarget,
  ScaleEventRecord,
  TimelineSample,
} from '../results/results.types';

/** The latest decisions kept for the page: enough for a long run's story without growing without bound. */
export const LIVE_DECISIONS_KEPT = 200;
/** The latest events kept for the page (pod lifecycle, scale and fault events). */
export const LIVE_EVENTS_KEPT = 300;

export interface LiveRunInfo {
  runId: string;
  target: RunTarget;
  profileId: string;
  /** undefined when the load plan has no end of its own */
  plannedSeconds: number | undefined;
  hpa: HpaInfo;
  /** the pods' CPU request, the 100 % of utilization; undefined when the Deployment sets none */
  cpuRequestMillicores?: number;
  /** the model-cost plan, in words (load/model-cost-plan.ts) */
  planLines: string[];
}

/** A fault form of the page: the kind, its argument's meaning and sample when it takes one, and whether it lasts. */
export interface LiveFaultForm {
  kind: FaultKind;
  argument: { unit: string; sample: string } | null;
  timed: boolean;
}

/** Injects a fault spec the way `lab fault` does (the run's injector); resolves with what was done. */
export type LiveFaultInjector = (spec: string) => Promise<string>;

/** The run takes no fault now (before the swarm, or after the run's end). */
export class FaultsClosedError extends Error {}

/** A timeline sample as the view reads it; `failures` (by class, since the previous sample) when recorded. */
export type LiveTimelineSample = TimelineSample & { failures?: Readonly<Record<string, number>> };

export interface LivePod {
  name: string;
  phase: string;
  ready: boolean;
  cpuMillicores: number | null;
  /** % of the CPU request, null without a metric or a request */
  utilization: number | null;
}

export interface LiveView {
  status: RunStatus | 'starting';
  run?: LiveRunInfo;
  elapsedSeconds: number;
  now: {
    users: number | null;
    requestsPerSecond: number | null;
    failuresPerSecond: number | null;
    p50Ms: number | null;
    p95Ms: number | null;
    p99Ms: number | null;
    totalRequests: number | null;
    totalFailures: number | null;
    podsReady: number | null;
    podsDesired: number | null;
    cpuUtilization: number | null;
    cpuTarget: number | null;
  };
  /** failures since the start by class, when the samples carry them */
  failuresByClass: Record<string, number>;
  pods: LivePod[];
  /** each decision in one line, latest last */
  decisions: Array<{ t: number; line: string }>;
  events: Array<{ t: number; kind: string; message: string }>;
  charts: ChartInput;
  /** the target's fault kinds, offered once the swarm runs; `accepting` false before and after */
  faults: { accepting: boolean; forms: LiveFaultForm[] };
  /** true once the run has written report.html (the page then links it) */
  reportReady: boolean;
}

/** A decision in one line: when, the count it moved between, and the reason or the limit that decided. */
export function decisionLine(decision: HpaDecisionRecord): string {
  const why = [decision.reason, decision.limitedBy && `limited by ${decision.limitedBy}`].filter(Boolean);
  const last = decision.steps.at(-1);
  return `${decision.currentReplicas} → ${decision.desiredReplicas}: ${why.length ? why.join(', ') : (last ?? 'no reason recorded')}`;
}

export class LiveState {
  private status: LiveView['status'] = 'starting';
  private run?: LiveRunInfo;
  private elapsed = 0;
  private readonly load: LoadPoint[] = [];
  private readonly capacity: CapacityPoint[] = [];
  private readonly scaleEvents: ScaleEventRecord[] = [];
  private readonly decisions: LiveView['decisions'] = [];
  private readonly events: LiveView['events'] = [];
  private readonly failuresByClass: Record<string, number> = {};
  private snapshot?: LoadSnapshot;
  private sample?: LiveTimelineSample;
  private reportReady = false;
  private faultForms: LiveFaultForm[] = [];
  private injector?: LiveFaultInjector;
  private faultsRefused = false;

  begin(run: LiveRunInfo): void {
    this.run = run;
    this.status = 'running';
  }

  loadSample(elapsedSeconds: number, snapshot: LoadSnapshot | undefined): void {
    this.elapsed = Math.max(this.elapsed, elapsedSeconds);
    if (!snapshot) return;
    this.snapshot = snapshot;
    this.load.push({
      t: elapsedSeconds,
      users: snapshot.users,
      rps: snapshot.requestsPerSecond,
      failuresPerSecond: snapshot.failuresPerSecond,
      p50: snapshot.p50Ms,
      p95: snapshot.p95Ms,
      p99: snapshot.p99Ms ?? null,
    });
  }

  timeline(sample: LiveTimelineSample): void {
    this.elapsed = Math.max(this.elapsed, sample.elapsedSeconds);
    this.sample = sample;
    const withCpu = sample.pods.filter((pod) => pod.cpuMillicores !== null);
    this.capacity.push({
      t: sample.elapsedSeconds,
      ready: sample.replicas.ready,
      desired: sample.replicas.desired,
      utilization: sample.cpuUtilization.current,
      target: sample.cpuUtilization.target,
      podsCpuMillicores: withCpu.length
        ? withCpu.reduce((sum, pod) => sum + (pod.cpuMillicores ?? 0), 0)
        : null,
    });
    for (const [failureClass, count] of Object.entries(sample.failures ?? {}))
      this.failuresByClass[failureClass] = (this.failuresByClass[failureClass] ?? 0) + count;
  }

  decision(record: HpaDecisionRecord): void {
    this.decisions.push({ t: record.elapsedSeconds, line: decisionLine(record) });
    this.decisions.splice(0, this.decisions.length - LIVE_DECISIONS_KEPT);
  }

  event(record: ScaleEventRecord): void {
    if (record.kind === 'scale-up' || record.kind === 'scale-down') this.scaleEvents.push(record);
    this.events.push({ t: record.elapsedSeconds, kind: record.kind, message: record.message });
    this.events.splice(0, this.events.length - LIVE_EVENTS_KEPT);
  }

  /** From the swarm's start: the page offers `kinds`, each sent to `inject`. */
  acceptFaults(kinds: readonly FaultKind[], inject: LiveFaultInjector): void {
    this.faultForms = kinds.map((kind) => {
      const argument = FAULT_ARGUMENTS[kind];
      return {
        kind,
        argument: argument ? { unit: argument.unit, sample: argument.sample } : null,
        timed: isTimedFault(kind),
      };
    });
    this.injector = inject;
  }

  /** The run is stopping: faults are refused from now on. */
  refuseFaults(): void {
    this.injector = undefined;
    this.faultsRefused = true;
  }

  /** A fault from the page; rejects with FaultsClosedError when the run takes none now. */
  injectFault(spec: string): Promise<string> {
    if (!this.injector)
      return Promise.reject(
        new FaultsClosedError(
          this.faultsRefused
            ? 'the run has ended (or is stopping): it takes no more faults'
            : 'the run takes faults once the swarm has started',
        ),
      );
    return this.injector(spec);
  }

  finish(status: Exclude<RunStatus, 'running'>): void {
    this.status = status;
    this.refuseFaults();
  }

  reportWritten(): void {
    this.reportReady = true;
  }

  view(): LiveView {
    const snapshot = this.snapshot;
    const sample = this.sample;
    const request = this.run?.cpuRequestMillicores;
    const spec = this.run?.hpa.spec;
    const utilizations = this.capacity.map((point) => point.utilization ?? 0);
    return {
      status: this.status,
      run: this.run,
      elapsedSeconds: this.elapsed,
      now: {
        users: snapshot?.users ?? null,
        requestsPerSecond: snapshot?.requestsPerSecond ?? null,
        failuresPerSecond: snapshot?.failuresPerSecond ?? null,
        p50Ms: snapshot?.p50Ms ?? null,
        p95Ms: snapshot?.p95Ms ?? null,
        p99Ms: snapshot?.p99Ms ?? null,
        totalRequests: snapshot?.totalRequests ?? null,
        totalFailures: snapshot?.totalFailures ?? null,
        podsReady: sample?.replicas.ready ?? null,
        podsDesired: sample?.replicas.desired ?? null,
        cpuUtilization: sample?.cpuUtilization.current ?? null,
        cpuTarget: sample?.cpuUtilization.target ?? null,
      },
      failuresByClass: { ...this.failuresByClass },
      pods: (sample?.pods ?? []).map((pod) => ({
        name: pod.name,
        phase: pod.phase,
        ready: pod.ready,
        cpuMillicores: pod.cpuMillicores,
        utilization:
          pod.cpuMillicores !== null && request ? Math.round((pod.cpuMillicores / request) * 100) : null,
      })),
      decisions: [...this.decisions],
      events: [...this.events],
      charts: {
        load: [...this.load],
        capacity: [...this.capacity],
        scaleEvents: [...this.scaleEvents],
        durationSeconds: Math.max(this.elapsed, this.run?.plannedSeconds ?? 0),
        maxReplicas: spec?.maxReplicas ?? 1,
        peakCpuUtilization: utilizations.length ? Math.max(...utilizations) : null,
      },
      faults: { accepting: this.injector !== undefined, forms: [...this.faultForms] },
      reportReady: this.reportReady,
    };
  }
}
