// One sync of the HPA controller (reconcileAutoscaler in horizontal.go) as a pure function: the desired replica
// count, every step that led to it, and the histories to pass to the next sync. No clock, no I/O.
import type {
  DecisionStep,
  HpaCondition,
  Recommendation,
  ScaleDecision,
  ScaleEvent,
  ScaleInput,
} from './controller-types';
import { DEFAULT_CONTROLLER_OPTIONS } from './defaults';
import { proposeReplicas } from './metrics-proposal';
import { limitLegacy, limitWithBehavior, type Limited } from './rate-limits';
import { describeRules, resolveSpec, type ResolvedSpec } from './resolve-spec';
import { stabilizeLegacy, stabilizeWithBehavior, type Stabilized } from './stabilization';
import { step } from './step';

export function decideScale(input: ScaleInput): ScaleDecision {
  const options = { ...DEFAULT_CONTROLLER_OPTIONS, ...input.options };
  const spec = resolveSpec(input.spec, options);
  const { now, currentReplicas: current } = input;
  const steps: DecisionStep[] = spec.defaultsApplied.map((sentence) =>
    step('defaults', `Default: ${sentence}`, {}),
  );
  let recommendations = input.recommendations;
  if (recommendations.length === 0) {
    // recordInitialRecommendation: the first sync of an HPA starts its history with the current count.
    recommendations = [{ time: now, replicas: current }];
    steps.push(
      step(
        'first-sync',
        `First sync: the recommendation history starts with the current count, ${current}.`,
        {
          replicas: current,
        },
      ),
    );
  }
  const conditions: HpaCondition[] = [
    condition(
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    ),
  ];
  const finish = (desired: number, reason: string, history: Recommendation[]): ScaleDecision => {
    const rescale = desired !== current;
    const scaleEvents = nextScaleEvents(
      input.scaleEvents,
      spec,
      rescale ? { time: now, from: current, to: desired } : undefined,
      now,
    );
    if (rescale) {
      setCondition(
        conditions,
        condition(
          'AbleToScale',
          'True',
          'SucceededRescale',
          `the HPA controller was able to update the target scale to ${desired}`,
        ),
      );
    }
    steps.push(
      step(
        'result',
        rescale
          ? `Result: scale from ${current} to ${desired} replicas (${reason}).`
          : `Result: keep ${current} replicas.`,
        { currentReplicas: current, desiredReplicas: rescale ? desired : current, rescale },
      ),
    );
    return {
      currentReplicas: current,
      desiredReplicas: rescale ? desired : current,
      rescale,
      reason: rescale ? reason : '',
      metrics: metricResults,
      conditions,
      steps,
      recommendations: history,
      scaleEvents,
    };
  };
  let metricResults: ScaleDecision['metrics'] = [];

  if (current === 0 && spec.minReplicas !== 0) {
    setCondition(
      conditions,
      condition(
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      ),
    );
    steps.push(
      step(
        'scaling-disabled',
        'The target has 0 replicas: autoscaling is disabled until it is scaled up by hand.',
        {},
      ),
    );
    return finish(current, '', recommendations);
  }
  const range = outOfRange(current, spec);
  if (range) {
    steps.push(
      step(
        'out-of-range',
        `${current} replicas is ${range.side} ${range.bound} ${range.limit}: go to ${range.limit} without looking at metrics.`,
        { [range.bound]: range.limit },
      ),
    );
    return finish(
      range.limit,
      `Current number of replicas ${range.side} Spec.${range.specField}`,
      recommendations,
    );
  }

  const proposal = proposeReplicas(spec, current, input.pods, now, options);
  metricResults = proposal.results;
  steps.push(...proposal.steps);
  setCondition(conditions, proposal.condition);
  if (proposal.replicas === undefined) return finish(current, '', recommendations);

  const desired = Math.max(proposal.replicas, 0);
  const reason =
    desired > current
      ? `${proposal.metric} above target`
      : desired < current
        ? 'All metrics below target'
        : '';
  const bounds = { minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  let stabilized: Stabilized;
  let limited: Limited;
  if (spec.behavior) {
    const { scaleUp, scaleDown } = spec.behavior;
    stabilized = stabilizeWithBehavior(
      recommendations,
      now,
      desired,
      current,
      scaleUp.stabilizationWindowSeconds,
      scaleDown.stabilizationWindowSeconds,
    );
    steps.push(
      step(
        'stabilization',
        `Stabilization: ${windowBound('lowest', 'scale-up', scaleUp.stabilizationWindowSeconds, stabilized.lowerBound)}, ` +
          `${windowBound('highest', 'scale-down', scaleDown.stabilizationWindowSeconds, stabilized.upperBound)}; ` +
          `from ${current}, kept within [${stabilized.lowerBound}, ${stabilized.upperBound}]: ` +
          `${stabilized.replicas}${stabilized.replicas !== desired ? ` (${stabilized.reason}: ${stabilized.message})` : ''}.`,
        {
          lowerBound: stabilized.lowerBound,
          upperBound: stabilized.upperBound,
          recommendation: desired,
          stabilized: stabilized.replicas,
          reason: stabilized.reason,
        },
      ),
    );
    limited = limitWithBehavior(
      { ...bounds, current, desired: stabilized.replicas },
      scaleUp,
      scaleDown,
      input.scaleEvents,
      now,
    );
    const rules = stabilized.replicas > current ? scaleUp : scaleDown;
    if (stabilized.replicas !== current) limited.details.unshift(`Rules: ${describeRules(rules)}.`);
  } else {
    stabilized = stabilizeLegacy(recommendations, now, desired, options.downscaleStabilizationWindowSeconds);
    steps.push(
      step(
        'stabilization',
        `Stabilization (no behavior): the highest recommendation of the last ${options.downscaleStabilizationWindowSeconds} s ` +
          `is ${stabilized.replicas}${stabilized.replicas !== desired ? ` (${stabilized.reason}: ${stabilized.message})` : ''}.`,
        {
          upperBound: stabilized.upperBound,
          recommendation: desired,
          stabilized: stabilized.replicas,
          reason: stabilized.reason,
        },
      ),
    );
    limited = limitLegacy({ ...bounds, current, desired: stabilized.replicas });
  }
  setCondition(conditions, condition('AbleToScale', 'True', stabilized.reason, stabilized.message));
  setCondition(
    conditions,
    condition(
      'ScalingLimited',
      limited.replicas === stabilized.replicas ? 'False' : 'True',
      limited.reason,
      limited.message,
    ),
  );
  steps.push(
    step(
      'rate-limit',
      `${limited.details.length > 0 ? `${limited.details.join(' ')} ` : ''}` +
        (limited.replicas === stabilized.replicas
          ? `${stabilized.replicas} is allowed (${limited.reason}).`
          : `${stabilized.replicas} is limited to ${limited.replicas} (ScalingLimited ${limited.reason}: ${limited.message}).`),
      {
        requested: stabilized.replicas,
        allowed: limited.replicas,
        reason: limited.reason,
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
      },
    ),
  );
  return finish(limited.replicas, reason, stabilized.history);
}

// storeScaleEvent: events are kept only for HPAs with behavior. Policies of either direction read events of both
// directions (a scale-up limit adds back pods removed within its period), so an event is dropped once it is older
// than every policy period. (Kubernetes recycles an event slot older than the longest period of its own
// direction when it stores the next event of that direction; keeping it until no policy can read it never changes
// a limit except in that recycling corner.)
function nextScaleEvents(
  events: ScaleEvent[],
  spec: ResolvedSpec,
  rescale: ScaleEvent | undefined,
  now: number,
): ScaleEvent[] {
  if (!spec.behavior) return events;
  const policies = [...spec.behavior.scaleUp.policies, ...spec.behavior.scaleDown.policies];
  const longestPeriodMs = Math.max(0, ...policies.map((policy) => policy.periodSeconds)) * 1000;
  const kept = events.filter((event) => event.time > now - longestPeriodMs);
  return rescale ? [...kept, rescale] : kept;
}

// reconcileAutoscaler moves a count outside [minReplicas, maxReplicas] back inside before any metric is read.
function outOfRange(current: number, spec: ResolvedSpec) {
  if (current > spec.maxReplicas) {
    return {
      side: 'above',
      bound: 'maxReplicas',
      specField: 'MaxReplicas',
      limit: spec.maxReplicas,
    } as const;
  }
  if (current < spec.minReplicas) {
    return {
      side: 'below',
      bound: 'minReplicas',
      specField: 'MinReplicas',
      limit: spec.minReplicas,
    } as const;
  }
  return undefined;
}

function windowBound(which: 'lowest' | 'highest', direction: string, seconds: number, bound: number): string {
  return seconds > 0
    ? `the ${which} recommendation of the last ${seconds} s (${direction} window) is ${bound}`
    : `no ${direction} window (0 s), so that bound is this recommendation, ${bound}`;
}

function condition(
  type: HpaCondition['type'],
  status: HpaCondition['status'],
  reason: string,
  message: string,
): HpaCondition {
  return { type, status, reason, message };
}

function setCondition(conditions: HpaCondition[], next: HpaCondition): void {
  const index = conditions.findIndex((existing) => existing.type === next.type);
  if (index === -1) conditions.push(next);
  else conditions[index] = next;
}
