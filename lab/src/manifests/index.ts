// Public surface of the manifest reader: the Deployment and HPA the cluster uses, read from k8s/ (not copies).
// Also the lab's package entry (`@iris-lab/lab`, package.json `exports`): what other workspaces may import.
import { loadDeploymentManifest, type DeploymentManifest } from './deployment-manifest';
import { loadHpaManifest, type HpaManifest } from './hpa-manifest';
import { DEFAULT_HPA_VARIANT, findRepoRoot, type HpaVariant } from '@iris-lab/service/contracts';

export type { ContainerPort, DeploymentManifest, EnvVar, ResourceAmounts } from './deployment-manifest';
export { CONTAINER_NAME, DEPLOYMENT_FILE, DEPLOYMENT_NAME } from './deployment-manifest';
export { expandEnv } from './env-expansion';
export { FieldReader, type Mapping } from './field-reader';
export type { HpaManifest } from './hpa-manifest';
export type { HttpProbe, ProbeKind } from './probes';
export type { Quantity } from './quantity';
export { ManifestError } from './manifest-error';
export { cpuMillicores, memoryBytes, parseQuantity, QuantityError } from './quantity';
export { findObject, readObjects, type KubernetesObject } from './yaml-documents';
export { loadDeploymentManifest, loadHpaManifest };

export interface ClusterManifests {
  deployment: DeploymentManifest;
  hpa: HpaManifest;
}

export function loadClusterManifests(
  options: { repoRoot?: string; hpaVariant?: HpaVariant } = {},
): ClusterManifests {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  return {
    deployment: loadDeploymentManifest(repoRoot),
    hpa: loadHpaManifest(options.hpaVariant ?? DEFAULT_HPA_VARIANT, repoRoot),
  };
}
