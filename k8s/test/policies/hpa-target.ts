// Each HorizontalPodAutoscaler scales an object that exists, and every resource metric it uses is requested
// by every container of the target (utilization is usage / request: without a request the HPA cannot compute
// it and stops scaling).
import { describeObject, findObject, K8sObject, podTemplateOf } from '../support/manifests';

export interface HpaSpec {
  scaleTargetRef: { apiVersion?: string; kind: string; name: string };
  metrics?: { type: string; resource?: { name: string } }[];
}

export function hpaTargetOf(hpa: K8sObject, objects: K8sObject[]): K8sObject | undefined {
  const reference = (hpa.spec as unknown as HpaSpec).scaleTargetRef;
  const target = findObject(objects, reference.kind, reference.name, hpa.metadata.namespace ?? '');
  return target && target.apiVersion === reference.apiVersion ? target : undefined;
}

export function hpaTargetViolations(objects: K8sObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'HorizontalPodAutoscaler')
    .flatMap((hpa) => {
      const spec = hpa.spec as unknown as HpaSpec;
      const target = hpaTargetOf(hpa, objects);
      const reference = spec.scaleTargetRef;
      if (!target) {
        return [
          `${describeObject(hpa)}: target ${reference.apiVersion} ${reference.kind} ${reference.name} not found`,
        ];
      }
      const containers = podTemplateOf(target)?.spec.containers ?? [];
      return (spec.metrics ?? [])
        .filter((metric) => metric.type === 'Resource' && metric.resource)
        .flatMap((metric) => {
          const resource = metric.resource?.name ?? '';
          return containers
            .filter((container) => !container.resources?.requests?.[resource])
            .map(
              (container) =>
                `${describeObject(hpa)}: scales on ${resource} but ${describeObject(target)} container ${container.name} requests no ${resource}`,
            );
        });
    });
}
