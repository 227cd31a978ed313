// Every long-running container tells Kubernetes when it can take traffic (readiness) and when it is stuck
// (liveness); init containers run to completion and are exempt.
import { describeObject, K8sObject, podTemplateOf } from '../support/manifests';

export function containerProbeViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) =>
    (podTemplateOf(object)?.spec.containers ?? []).flatMap((container) => {
      const where = `${describeObject(object)} container ${container.name}`;
      const missing: string[] = [];
      if (!container.readinessProbe) missing.push(`${where}: no readinessProbe`);
      if (!container.livenessProbe) missing.push(`${where}: no livenessProbe`);
      return missing;
    }),
  );
}
