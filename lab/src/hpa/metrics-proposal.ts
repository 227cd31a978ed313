// Combines the metrics of an HPA (computeReplicasForMetrics in horizontal.go): each metric proposes a replica
// count and the largest proposal wins. A metric that cannot be computed is invalid; if every metric is invalid,
// or some are and the others would scale down, the controller does not scale at all.
import type {
  ControllerOptions,
  DecisionStep,
  HpaCondition,
  MetricResult,
  PodSample,
} from './controller-types';
import type { ResolvedSpec } from './resolve-spec';
import { computeResourceReplicas } from './resource-replicas';
import { step } from './step';

export interface MetricsProposal {
  /** The largest proposal, or undefined when the controller must not scale (see `error`). */
  replicas?: number;
  /** Description of the metric that made the largest proposal. */
  metric: string;
  results: MetricResult[];
  condition: HpaCondition;
  steps: DecisionStep[];
  error?: string;
}

export function proposeReplicas(
  spec: ResolvedSpec,
  currentReplicas: number,
  pods: PodSample[],
  now: number,
  options: ControllerOptions,
): MetricsProposal {
  const steps: DecisionStep[] = [];
  const results: MetricResult[] = [];
  let replicas = 0;
  let metric = '';
  let invalidCount = 0;
  let firstError = '';
  for (const metricSpec of spec.metrics) {
    const computation = computeResourceReplicas(
      metricSpec,
      currentReplicas,
      pods,
      now,
      options,
      spec.tolerances,
    );
    results.push(computation.result);
    steps.push(...computation.steps);
    const { proposal, error } = computation.result;
    if (error !== undefined || proposal === undefined) {
      if (invalidCount === 0) firstError = `failed to get ${metricSpec.description}: ${error}`;
      invalidCount++;
      continue;
    }
    if (replicas === 0 || proposal > replicas) {
      replicas = proposal;
      metric = metricSpec.description;
    }
  }

  if (invalidCount >= spec.metrics.length || (invalidCount > 0 && replicas < currentReplicas)) {
    const error = `invalid metrics (${invalidCount} invalid out of ${spec.metrics.length}), first error is: ${firstError}`;
    steps.push(
      step(
        'invalid-metrics',
        invalidCount >= spec.metrics.length
          ? `No metric could be computed: the controller does not scale (${error}).`
          : `A metric could not be computed and the others would scale down: the controller does not scale (${error}).`,
        { invalidMetrics: invalidCount, metrics: spec.metrics.length },
      ),
    );
    return {
      metric,
      results,
      steps,
      error,
      condition: {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: `the HPA was unable to compute the replica count: ${firstError}`,
      },
    };
  }

  const others = results
    .filter((result) => result.description !== metric && result.proposal !== undefined)
    .map((result) => `${result.resource} proposed ${result.proposal}`);
  steps.push(
    step(
      'largest-proposal',
      spec.metrics.length === 1
        ? `One metric: its proposal, ${replicas} replicas, is the recommendation.`
        : `Largest proposal wins: ${replicas} replicas from ${metric}` +
            `${others.length > 0 ? ` (${others.join(', ')})` : ''}` +
            `${invalidCount > 0 ? `; ${invalidCount} invalid metric(s) ignored because this is not a scale-down` : ''}.`,
      { proposal: replicas, metric, invalidMetrics: invalidCount },
    ),
  );
  return {
    replicas,
    metric,
    results,
    steps,
    error:
      invalidCount > 0
        ? `invalid metrics (${invalidCount} invalid out of ${spec.metrics.length}), first error is: ${firstError}`
        : undefined,
    condition: {
      type: 'ScalingActive',
      status: 'True',
      reason: 'ValidMetricFound',
      message: `the HPA was able to successfully calculate a replica count from ${metric}`,
    },
  };
}
