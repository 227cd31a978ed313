// The restricted Pod Security profile, per container: non-root, no privilege escalation, read-only root
// filesystem, every capability dropped, the runtime's default seccomp profile. Pod-level settings count for
// runAsNonRoot and seccomp, as Kubernetes applies them.
import { containersOf, describeObject, K8sObject, podTemplateOf } from '../support/manifests';

export function containerSecurityViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const pod = podTemplateOf(object)?.spec.securityContext ?? {};
    return containersOf(object).flatMap((container) => {
      const own = container.securityContext ?? {};
      const where = `${describeObject(object)} container ${container.name}`;
      const problems: string[] = [];
      if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true)
        problems.push(`${where}: runAsNonRoot is not true`);
      if (own.allowPrivilegeEscalation !== false)
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (own.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (!own.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities.drop lacks ALL`);
      const seccomp = own.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault') problems.push(`${where}: seccompProfile is not RuntimeDefault`);
      return problems;
    });
  });
}
