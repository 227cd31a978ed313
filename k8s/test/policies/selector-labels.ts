// Selectors use only stable labels. A selector is immutable on Deployments, so a label that changes
// (part-of, version, component) in a selector breaks the next deploy. `k8s-app` is upstream metrics-server's own.
import { describeObject, isWorkload, K8sObject } from '../support/manifests';

export const STABLE_SELECTOR_KEYS = ['app.kubernetes.io/name', 'k8s-app'];

export function selectorLabelViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) =>
    Object.keys(selectorOf(object))
      .filter((key) => !STABLE_SELECTOR_KEYS.includes(key))
      .map((key) => `${describeObject(object)}: selector uses unstable label ${key}`),
  );
}

function selectorOf(object: K8sObject): Record<string, string> {
  const spec = object.spec ?? {};
  if (object.kind === 'Service') return (spec.selector as Record<string, string> | undefined) ?? {};
  if (isWorkload(object) || object.kind === 'PodDisruptionBudget') {
    return (spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  }
  return {};
}
