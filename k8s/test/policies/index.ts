// The policies every render target must satisfy (platform-specific ones are applied by overlays.spec.ts).
import { bindingSubjectViolations } from './binding-subjects';
import { containerProbeViolations } from './container-probes';
import { containerResourceViolations } from './container-resources';
import { containerSecurityViolations } from './container-security';
import { hpaTargetViolations } from './hpa-target';
import { hpaTargetReplicasViolations } from './hpa-target-replicas';
import { imagePinViolations } from './image-pins';
import { schemaViolations } from './schema';
import { selectorLabelViolations } from './selector-labels';
import { serviceSelectorViolations } from './service-selectors';
import { shutdownBudgetViolations } from './shutdown-budget';
import { unknownFieldViolations } from './unknown-fields';
import { Policy } from './violations';

export const OBJECT_POLICIES: Record<string, Policy> = {
  'Kubernetes 1.33 OpenAPI schema': schemaViolations,
  'no field unknown to Kubernetes 1.33': unknownFieldViolations,
  'container requests and limits': containerResourceViolations,
  'container readiness and liveness probes': containerProbeViolations,
  'container security context': containerSecurityViolations,
  'Services select existing pods and ports': serviceSelectorViolations,
  'HPA targets exist and request every scaled resource': hpaTargetViolations,
  'no spec.replicas on an HPA target': hpaTargetReplicasViolations,
  'images pinned by tag or digest': imagePinViolations,
  'selectors on stable labels only': selectorLabelViolations,
  'RBAC subjects exist': bindingSubjectViolations,
  'shutdown fits the grace period': shutdownBudgetViolations,
};
