// A decision in words: the desired count, every step numbered, and the HPA conditions as `kubectl describe hpa`
// would list them. Used by `lab hpa explain` and the reports.
import type { ScaleDecision } from './controller-types';

export function renderDecision(decision: ScaleDecision): string {
  const headline = decision.rescale
    ? `Desired replicas: ${decision.desiredReplicas} (scale from ${decision.currentReplicas}: ${decision.reason})`
    : `Desired replicas: ${decision.desiredReplicas} (no change)`;
  const steps = decision.steps.map((step, index) => `  ${String(index + 1).padStart(2)}. ${step.text}`);
  const conditions = decision.conditions.map(
    (condition) => `  ${condition.type} ${condition.status} ${condition.reason}: ${condition.message}`,
  );
  return [headline, '', 'Steps:', ...steps, '', 'Conditions:', ...conditions, ''].join('\n');
}
