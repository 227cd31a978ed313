// Every Service selects pods that exist in its namespace, and every port it forwards to is a port those pods
// declare (a named targetPort that no container has silently black-holes traffic).
import { describeObject, isWorkload, K8sObject, podTemplateOf, sameNamespace } from '../support/manifests';

interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: { name?: string; port: number; targetPort?: number | string }[];
}

export function serviceSelectorViolations(objects: K8sObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'Service')
    .flatMap((service) => {
      const spec = (service.spec ?? {}) as ServiceSpec;
      const selector = spec.selector ?? {};
      if (Object.keys(selector).length === 0) return [`${describeObject(service)}: no selector`];
      const templates = objects
        .filter((object) => isWorkload(object) && sameNamespace(object, service))
        .map((workload) => podTemplateOf(workload))
        .filter((template) => template !== undefined)
        .filter((template) => matches(selector, template.metadata?.labels ?? {}));
      if (templates.length === 0) return [`${describeObject(service)}: selector matches no pod template`];
      const declared = templates.flatMap((template) =>
        template.spec.containers.flatMap((container) => container.ports ?? []),
      );
      return (spec.ports ?? [])
        .filter((port) => {
          const target = port.targetPort ?? port.port;
          return !declared.some((declaredPort) =>
            typeof target === 'string' ? declaredPort.name === target : declaredPort.containerPort === target,
          );
        })
        .map(
          (port) =>
            `${describeObject(service)}: port ${port.name ?? port.port} targets a port no selected pod declares`,
        );
    });
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
