// How far one sync may move the replica count, then min/max (horizontal.go):
// - with behavior (convertDesiredReplicasWithBehaviorRate): each policy allows a count relative to the count at
//   the start of its period (current - pods added + pods removed by rescales within periodSeconds); Pods adds or
//   removes `value` pods, Percent multiplies by (1 ± value/100), rounded up when scaling up and down (toward
//   zero) when scaling down; selectPolicy Max takes the policy allowing the biggest change, Min the smallest,
//   Disabled forbids scaling in that direction;
// - without behavior (convertDesiredReplicasWithRules): a scale-up is capped at max(2 × current, 4).
// The ScalingLimited reasons are Kubernetes': ScaleUpLimit, ScaleDownLimit, TooManyReplicas, TooFewReplicas,
// DesiredWithinRange.
import type { ScaleEvent } from './controller-types';
import { LEGACY_SCALE_UP_FACTOR, LEGACY_SCALE_UP_MINIMUM } from './defaults';
import type { HpaScalingPolicy } from './hpa-api';
import type { ResolvedRules } from './resolve-spec';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

export interface Limited {
  replicas: number;
  reason: 'ScaleUpLimit' | 'ScaleDownLimit' | 'TooManyReplicas' | 'TooFewReplicas' | 'DesiredWithinRange';
  message: string;
  /** One sentence per policy evaluated (behavior path). */
  details: string[];
}

export interface ReplicaBounds {
  current: number;
  desired: number;
  minReplicas: number;
  maxReplicas: number;
}

export function limitWithBehavior(
  bounds: ReplicaBounds,
  scaleUp: ResolvedRules,
  scaleDown: ResolvedRules,
  events: ScaleEvent[],
  now: number,
): Limited {
  const { current, desired, minReplicas, maxReplicas } = bounds;
  if (desired > current) {
    const { limit, details } = policyLimit('up', current, scaleUp, events, now);
    const scaleUpLimit = Math.max(limit, current);
    const capped = maxReplicas > scaleUpLimit;
    const allowed = capped ? scaleUpLimit : maxReplicas;
    if (desired > allowed) {
      return capped
        ? limited(
            allowed,
            'ScaleUpLimit',
            'the desired replica count is increasing faster than the maximum scale rate',
            details,
          )
        : limited(
            allowed,
            'TooManyReplicas',
            'the desired replica count is more than the maximum replica count',
            details,
          );
    }
    return withinRange(desired, details);
  }
  if (desired < current) {
    const { limit, details } = policyLimit('down', current, scaleDown, events, now);
    const scaleDownLimit = Math.min(limit, current);
    const capped = minReplicas < scaleDownLimit;
    const allowed = capped ? scaleDownLimit : minReplicas;
    if (desired < allowed) {
      return capped
        ? limited(
            allowed,
            'ScaleDownLimit',
            'the desired replica count is decreasing faster than the maximum scale rate',
            details,
          )
        : limited(
            allowed,
            'TooFewReplicas',
            'the desired replica count is less than the minimum replica count',
            details,
          );
    }
    return withinRange(desired, details);
  }
  return withinRange(desired, []);
}

export function limitLegacy(bounds: ReplicaBounds): Limited {
  const { current, desired, minReplicas, maxReplicas } = bounds;
  const scaleUpLimit = Math.max(LEGACY_SCALE_UP_FACTOR * current, LEGACY_SCALE_UP_MINIMUM);
  const details = [
    `Built-in scale-up limit: max(${LEGACY_SCALE_UP_FACTOR} × ${current}, ${LEGACY_SCALE_UP_MINIMUM}) = ${scaleUpLimit}.`,
  ];
  if (desired < minReplicas) {
    return limited(
      minReplicas,
      'TooFewReplicas',
      'the desired replica count is less than the minimum replica count',
      details,
    );
  }
  if (maxReplicas > scaleUpLimit) {
    if (desired > scaleUpLimit) {
      return limited(
        scaleUpLimit,
        'ScaleUpLimit',
        'the desired replica count is increasing faster than the maximum scale rate',
        details,
      );
    }
  } else if (desired > maxReplicas) {
    return limited(
      maxReplicas,
      'TooManyReplicas',
      'the desired replica count is more than the maximum replica count',
      details,
    );
  }
  return withinRange(desired, details);
}

/** Net replicas added (up) or removed (down) by rescales strictly within the last periodSeconds. */
export function changeWithinPeriod(
  events: ScaleEvent[],
  direction: 'up' | 'down',
  periodSeconds: number,
  now: number,
): number {
  const cutoff = now - periodSeconds * 1000;
  return events
    .filter(
      (event) => event.time > cutoff && (direction === 'up' ? event.to > event.from : event.to < event.from),
    )
    .reduce((sum, event) => sum + Math.abs(event.to - event.from), 0);
}

function policyLimit(
  direction: 'up' | 'down',
  current: number,
  rules: ResolvedRules,
  events: ScaleEvent[],
  now: number,
): { limit: number; details: string[] } {
  const label = direction === 'up' ? 'Scale-up' : 'Scale-down';
  if (rules.selectPolicy === 'Disabled') {
    return {
      limit: current,
      details: [`${label} is disabled (selectPolicy Disabled): the count cannot move this way.`],
    };
  }
  // Max means "the biggest change": the highest count going up, the lowest going down.
  const biggestChange = rules.selectPolicy === 'Max';
  const pickHigher = direction === 'up' ? biggestChange : !biggestChange;
  let limit = pickHigher ? INT32_MIN : INT32_MAX;
  const details: string[] = [];
  for (const policy of rules.policies) {
    const added = changeWithinPeriod(events, 'up', policy.periodSeconds, now);
    const removed = changeWithinPeriod(events, 'down', policy.periodSeconds, now);
    const periodStart = current - added + removed;
    const allowed = policyAllows(direction, policy, periodStart);
    details.push(
      `${describePolicy(policy)}: ${periodStart} at the start of the period (+${added}/-${removed} since) → ${allowed}.`,
    );
    limit = pickHigher ? Math.max(limit, allowed) : Math.min(limit, allowed);
  }
  details.push(`${label} limit with selectPolicy ${rules.selectPolicy}: ${describeLimit(limit)}.`);
  return { limit, details };
}

function policyAllows(direction: 'up' | 'down', policy: HpaScalingPolicy, periodStart: number): number {
  if (policy.type === 'Pods')
    return direction === 'up' ? periodStart + policy.value : periodStart - policy.value;
  if (direction === 'up') return Math.ceil(periodStart * (1 + policy.value / 100));
  return Math.trunc(periodStart * (1 - policy.value / 100)) || 0;
}

function describePolicy(policy: HpaScalingPolicy): string {
  return policy.type === 'Pods'
    ? `Pods ${policy.value} per ${policy.periodSeconds} s`
    : `Percent ${policy.value} % per ${policy.periodSeconds} s`;
}

function describeLimit(limit: number): string {
  if (limit === INT32_MAX || limit === INT32_MIN) return 'no policy, so no count';
  return String(limit);
}

function limited(replicas: number, reason: Limited['reason'], message: string, details: string[]): Limited {
  return { replicas, reason, message, details };
}

function withinRange(replicas: number, details: string[]): Limited {
  return limited(replicas, 'DesiredWithinRange', 'the desired count is within the acceptable range', details);
}
