// Every ServiceAccount a (Cluster)RoleBinding grants to is one the render creates, in that namespace: the
// collector's binding names its namespace explicitly, and a renamed namespace must not leave it granting nothing.
import { describeObject, findObject, K8sObject } from '../support/manifests';

export function bindingSubjectViolations(objects: K8sObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding')
    .flatMap((binding) =>
      (binding.subjects ?? [])
        .filter((subject) => subject.kind === 'ServiceAccount')
        .filter((subject) => {
          const namespace = subject.namespace ?? binding.metadata.namespace ?? '';
          return !findObject(objects, 'ServiceAccount', subject.name, namespace);
        })
        .map(
          (subject) =>
            `${describeObject(binding)}: grants to ServiceAccount ${subject.namespace ?? '?'}/${subject.name}, which is not deployed`,
        ),
    );
}
