// An HPA target carries no spec.replicas: the autoscaler owns the count, and every `kubectl apply` of a manifest
// that sets it would snap a scaled-out Deployment back to that number.
import { describeObject, K8sObject } from '../support/manifests';
import { hpaTargetOf } from './hpa-target';

export function hpaTargetReplicasViolations(objects: K8sObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'HorizontalPodAutoscaler')
    .map((hpa) => hpaTargetOf(hpa, objects))
    .filter((target) => target?.spec?.replicas !== undefined)
    .map((target) => `${describeObject(target as K8sObject)}: sets spec.replicas although an HPA scales it`);
}
