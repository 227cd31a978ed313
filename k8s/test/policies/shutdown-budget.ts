// Graceful shutdown fits in the grace period: Kubernetes kills the container terminationGracePeriodSeconds after
// the pod starts terminating, which includes the preStop sleep (waiting for endpoint removal to propagate) and
// the service's own drain (SHUTDOWN_GRACE_MS). Only containers that declare a drain are checked.
import { describeObject, K8sObject, podTemplateOf } from '../support/manifests';

const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

export function shutdownBudgetViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const spec = podTemplateOf(object)?.spec;
    if (!spec) return [];
    const grace = spec.terminationGracePeriodSeconds ?? KUBERNETES_DEFAULT_GRACE_SECONDS;
    return spec.containers.flatMap((container) => {
      const drain = container.env?.find((variable) => variable.name === 'SHUTDOWN_GRACE_MS')?.value;
      if (drain === undefined) return [];
      const where = `${describeObject(object)} container ${container.name}`;
      const drainSeconds = Number(drain) / 1000;
      if (!Number.isFinite(drainSeconds) || drainSeconds < 0)
        return [`${where}: SHUTDOWN_GRACE_MS is not a number`];
      const preStop = container.lifecycle?.preStop?.sleep?.seconds;
      if (preStop === undefined)
        return [`${where}: drains but has no preStop sleep to wait for endpoint removal`];
      return preStop + drainSeconds < grace
        ? []
        : [
            `${where}: preStop ${preStop} s + drain ${drainSeconds} s does not fit the ${grace} s grace period`,
          ];
    });
  });
}
