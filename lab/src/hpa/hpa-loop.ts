// The controller's loop for the embedded lab: keeps one HPA's recommendation and scale-event histories between
// syncs, as kube-controller-manager does in memory, and says when the next sync is due (every syncPeriodSeconds).
// Time is passed in by the caller; the decision itself is the pure decideScale.
import type {
  ControllerOptions,
  PodSample,
  Recommendation,
  ScaleDecision,
  ScaleEvent,
} from './controller-types';
import { decideScale } from './decide';
import { DEFAULT_CONTROLLER_OPTIONS } from './defaults';
import type { HorizontalPodAutoscalerSpec } from './hpa-api';

export class HpaLoop {
  private readonly options: ControllerOptions;
  private recommendations: Recommendation[] = [];
  private scaleEvents: ScaleEvent[] = [];
  private lastSync?: number;

  constructor(
    private readonly spec: HorizontalPodAutoscalerSpec,
    options: Partial<ControllerOptions> = {},
  ) {
    this.options = { ...DEFAULT_CONTROLLER_OPTIONS, ...options };
  }

  get syncPeriodMs(): number {
    return this.options.syncPeriodSeconds * 1000;
  }

  /** True on the first call and then once every sync period. */
  isDue(now: number): boolean {
    return this.lastSync === undefined || now - this.lastSync >= this.syncPeriodMs;
  }

  /** Runs one sync; the caller applies `desiredReplicas` to its deployment when `rescale` is true. */
  sync(now: number, currentReplicas: number, pods: PodSample[]): ScaleDecision {
    const decision = decideScale({
      spec: this.spec,
      currentReplicas,
      pods,
      now,
      scaleEvents: this.scaleEvents,
      recommendations: this.recommendations,
      options: this.options,
    });
    this.recommendations = decision.recommendations;
    this.scaleEvents = decision.scaleEvents;
    this.lastSync = now;
    return decision;
  }
}
