// The embedded lab's workload under the run's conditions (lab/profiles.yaml): their requests and limits over the
// manifest's, their probe timings over the manifest's probes, and the service's STARTUP_DELAY_MS, so an embedded
// pod takes as long to get ready as a report's did. What the cluster gets as a patch (targets/cluster), the local
// pods get here.
import { cpuMillicores, memoryBytes } from '../manifests/quantity';
import type { Conditions, ResourceQuantities } from '../profiles/conditions';
import { PROBE_NAMES } from '../profiles/conditions';
import type { LocalWorkload } from './local-workload';
import type { ResourceAmounts } from '../manifests/deployment-manifest';

export function workloadUnder(workload: LocalWorkload, conditions: Conditions): LocalWorkload {
  const { requests = {}, limits = {} } = conditions.resources;
  const pod = {
    ...workload.pod,
    env: { ...workload.pod.env, STARTUP_DELAY_MS: String(conditions.startupDelayMs) },
    requests: { ...workload.pod.requests, ...amountsOf(requests) },
    limits: { ...workload.pod.limits, ...amountsOf(limits) },
  };
  for (const name of PROBE_NAMES) {
    const timings = conditions.probes[name];
    if (!timings) continue;
    const probe = pod[name];
    if (!probe)
      throw new Error(
        `conditions ${conditions.id} time the ${name}, but the Deployment's container has none to apply them to`,
      );
    pod[name] = { ...probe, ...timings };
  }
  const podResources = {
    requests: { ...workload.podResources.requests, ...amountsOf(requests) },
    limits: { ...workload.podResources.limits, ...amountsOf(limits) },
  };
  return { ...workload, pod, podResources };
}

function amountsOf(quantities: ResourceQuantities): ResourceAmounts {
  return {
    ...(quantities.cpu !== undefined && { cpuMillicores: cpuMillicores(quantities.cpu) }),
    ...(quantities.memory !== undefined && { memoryBytes: memoryBytes(quantities.memory) }),
  };
}
