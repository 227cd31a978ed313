// The two outputs of `lab hpa explain`: words (the decision's steps, numbered) and the same as JSON, with times
// back in ISO-8601 so the JSON can be edited and fed to the next what-if.
import type { ScaleDecision } from '../controller-types';
import { renderDecision } from '../render-decision';
import type { ExplainRequest } from './explain-input';

export function explainAsText(request: ExplainRequest, decision: ScaleDecision): string {
  const header = [
    `HPA from ${request.hpaSource}; ${decision.currentReplicas} current replicas; ${request.input.pods.length} pods; ` +
      `now ${iso(request.input.now)}.`,
    '',
  ];
  return [...header, renderDecision(decision)].join('\n');
}

export function explainAsJson(request: ExplainRequest, decision: ScaleDecision): string {
  const document = {
    hpaSource: request.hpaSource,
    now: iso(request.input.now),
    currentReplicas: decision.currentReplicas,
    desiredReplicas: decision.desiredReplicas,
    rescale: decision.rescale,
    reason: decision.reason,
    steps: decision.steps,
    metrics: decision.metrics,
    conditions: decision.conditions,
    next: {
      recommendations: decision.recommendations.map((entry) => ({
        time: iso(entry.time),
        replicas: entry.replicas,
      })),
      scaleEvents: decision.scaleEvents.map((event) => ({
        time: iso(event.time),
        from: event.from,
        replicas: event.to,
      })),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
