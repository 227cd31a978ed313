// What must never reach GKE: Jaeger (Cloud Trace is the backend), a second metrics-server (GKE runs its own)
// and kubelet TLS verification switched off (acceptable on kind's self-signed kubelets only).
import { containersOf, describeObject, K8sObject } from '../support/manifests';

function mentions(object: K8sObject, word: string): boolean {
  return (
    object.metadata.name.includes(word) ||
    containersOf(object).some((container) => container.image?.includes(word))
  );
}

export function jaegerViolations(objects: K8sObject[]): string[] {
  return objects
    .filter((object) => mentions(object, 'jaeger'))
    .map((object) => `${describeObject(object)}: Jaeger`);
}

export function metricsServerViolations(objects: K8sObject[]): string[] {
  return objects
    .filter(
      (object) => mentions(object, 'metrics-server') || object.metadata.name === 'v1beta1.metrics.k8s.io',
    )
    .map((object) => `${describeObject(object)}: metrics-server`);
}

export function insecureKubeletTlsViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) =>
    containersOf(object)
      .filter((container) =>
        [...(container.command ?? []), ...(container.args ?? [])].some((arg) =>
          arg.startsWith('--kubelet-insecure-tls'),
        ),
      )
      .map((container) => `${describeObject(object)} container ${container.name}: --kubelet-insecure-tls`),
  );
}
