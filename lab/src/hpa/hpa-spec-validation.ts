// Validates an HPA spec (schema + the cross-field rule minReplicas ≤ maxReplicas) and types it.
import type { HorizontalPodAutoscalerSpec } from './hpa-api';
import { hpaSpecSchema } from './hpa-spec.schema';
import { compileValidator } from './schema-validation';

const validateSchema = compileValidator(hpaSpecSchema);

/** Problems found in `spec`, each prefixed with `root` (the field path of the spec in its document). */
export function hpaSpecProblems(spec: unknown, root: string): string[] {
  const problems = validateSchema(spec, root);
  if (problems.length > 0) return problems;
  const { minReplicas, maxReplicas } = spec as HorizontalPodAutoscalerSpec;
  if (minReplicas !== undefined && minReplicas > maxReplicas) {
    return [`${root}.minReplicas: ${minReplicas} is greater than maxReplicas ${maxReplicas}`];
  }
  return [];
}
