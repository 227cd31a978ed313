// The embedded lab's workload from the cluster's own manifests: Deployment `iris` (k8s/base/deployment.yaml),
// HPA `iris` with the chosen variant's patch, and metrics-server's --metric-resolution.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDeploymentManifest, type DeploymentManifest } from '../manifests/deployment-manifest';
import { loadHpaManifest } from '../manifests/hpa-manifest';
import { isHpaVariant, HPA_VARIANTS } from '@iris-lab/service/contracts';
import { repoRoot } from '../manifests/repo-paths';
import type { Conditions } from '../profiles/conditions';
import type { LocalWorkload } from './local-workload';
import { workloadUnder } from './workload-conditions';

export const METRICS_SERVER_MANIFEST = 'k8s/components/metrics-server/components.yaml';

/** The manifests' workload, under `conditions` when given (their HPA variant is the caller's choice). */
export function workloadFromManifests(hpaVariant: string, conditions?: Conditions): LocalWorkload {
  if (!isHpaVariant(hpaVariant))
    throw new Error(`unknown HPA variant "${hpaVariant}"; known: ${HPA_VARIANTS.join(', ')}`);
  const deployment = loadDeploymentManifest(repoRoot);
  const hpa = loadHpaManifest(hpaVariant, repoRoot);
  const readiness = deployment.probes.readiness;
  if (!readiness)
    throw new Error(
      `${deployment.file}: the embedded lab needs a readinessProbe on container ${deployment.containerName}`,
    );
  const workload: LocalWorkload = {
    hpaVariant,
    hpa: hpa.spec,
    pod: {
      env: literalEnv(deployment),
      startupProbe: deployment.probes.startup,
      readinessProbe: readiness,
      livenessProbe: deployment.probes.liveness,
      terminationGracePeriodSeconds: deployment.terminationGracePeriodSeconds,
      preStopSleepSeconds: deployment.preStopSleepSeconds ?? 0,
      requests: {
        cpuMillicores: deployment.resources.requests.cpuMillicores ?? 0,
        memoryBytes: deployment.resources.requests.memoryBytes ?? 0,
      },
      limits: deployment.resources.limits,
    },
    podResources: deployment.resources,
    metricResolutionSeconds: metricResolutionSeconds(),
    rollingUpdate: deployment.rollingUpdate,
  };
  return conditions ? workloadUnder(workload, conditions) : workload;
}

/** Env entries with literal values; downward-API ones (pod name...) are set per pod by the local target. */
function literalEnv(deployment: DeploymentManifest): Record<string, string> {
  return Object.fromEntries(
    deployment.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]),
  );
}

/** metrics-server's --metric-resolution (e.g. `15s`), 15 s when the component does not set it. */
export function metricResolutionSeconds(): number {
  try {
    const match = /--metric-resolution=(\d+)s/.exec(
      readFileSync(join(repoRoot, METRICS_SERVER_MANIFEST), 'utf8'),
    );
    return match ? Number(match[1]) : 15;
  } catch {
    return 15;
  }
}
