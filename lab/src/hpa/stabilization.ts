// Stabilization over recent recommendations (horizontal.go):
// - with behavior (stabilizeRecommendationWithBehaviors): the result moves from the current count no further up
//   than the LOWEST recommendation of the scale-up window, and no further down than the HIGHEST of the
//   scale-down window ("within the window" = strictly newer than now - window);
// - without behavior (stabilizeRecommendation): the highest recommendation of the downscale window (samples not
//   older than now - window), so only scale-downs are damped.
// Both record the new unstabilized recommendation. Kubernetes overwrites one expired sample per sync; dropping
// every expired sample, as here, gives the same results (expired samples are never read again).
import type { Recommendation } from './controller-types';

export interface Stabilized {
  replicas: number;
  /** Bounds found in the windows (the behavior path) or the highest recent recommendation (legacy path). */
  upperBound: number;
  lowerBound: number;
  history: Recommendation[];
  reason: 'ScaleUpStabilized' | 'ScaleDownStabilized' | 'ReadyForNewScale';
  message: string;
}

export function stabilizeWithBehavior(
  history: Recommendation[],
  now: number,
  desired: number,
  current: number,
  upWindowSeconds: number,
  downWindowSeconds: number,
): Stabilized {
  const upCutoff = now - upWindowSeconds * 1000;
  const downCutoff = now - downWindowSeconds * 1000;
  let lowerBound = desired;
  let upperBound = desired;
  for (const recommendation of history) {
    if (recommendation.time > upCutoff) lowerBound = Math.min(recommendation.replicas, lowerBound);
    if (recommendation.time > downCutoff) upperBound = Math.max(recommendation.replicas, upperBound);
  }
  const replicas = Math.min(Math.max(current, lowerBound), upperBound);
  const kept = history.filter(
    (recommendation) => !(recommendation.time < upCutoff && recommendation.time < downCutoff),
  );
  const stabilized = replicas !== desired;
  return {
    replicas,
    upperBound,
    lowerBound,
    history: [...kept, { time: now, replicas: desired }],
    ...(stabilized ? stabilizedCondition(desired >= current) : readyForNewScale()),
  };
}

export function stabilizeLegacy(
  history: Recommendation[],
  now: number,
  desired: number,
  windowSeconds: number,
): Stabilized {
  const cutoff = now - windowSeconds * 1000;
  let upperBound = desired;
  for (const recommendation of history) {
    if (!(recommendation.time < cutoff)) upperBound = Math.max(recommendation.replicas, upperBound);
  }
  const kept = history.filter((recommendation) => !(recommendation.time < cutoff));
  return {
    replicas: upperBound,
    upperBound,
    lowerBound: desired,
    history: [...kept, { time: now, replicas: desired }],
    ...(upperBound !== desired ? stabilizedCondition(false) : readyForNewScale()),
  };
}

function stabilizedCondition(scaleUp: boolean): Pick<Stabilized, 'reason' | 'message'> {
  return scaleUp
    ? {
        reason: 'ScaleUpStabilized',
        message:
          'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        reason: 'ScaleDownStabilized',
        message:
          'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

function readyForNewScale(): Pick<Stabilized, 'reason' | 'message'> {
  return { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
}
