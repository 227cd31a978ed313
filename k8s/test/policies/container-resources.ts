// Every container requests and limits CPU and memory: requests drive scheduling and the HPA's utilization,
// limits keep one saturated pod from starving its neighbours.
import { containersOf, describeObject, K8sObject } from '../support/manifests';

const RESOURCES = ['cpu', 'memory'];

export function containerResourceViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) =>
    containersOf(object).flatMap((container) =>
      RESOURCES.flatMap((resource) => {
        const where = `${describeObject(object)} container ${container.name}`;
        const missing: string[] = [];
        if (!container.resources?.requests?.[resource]) missing.push(`${where}: no ${resource} request`);
        if (!container.resources?.limits?.[resource]) missing.push(`${where}: no ${resource} limit`);
        return missing;
      }),
    ),
  );
}
