// Public surface of the manifest reader: the Deployment and HPA the cluster uses, read from k8s/ (not copies).
import { loadDeploymentManifest, type DeploymentManifest } from './deployment-manifest';
import { loadHpaManifest, type HpaManifest } from './hpa-manifest';
import { DEFAULT_HPA_VARIANT, type HpaVariant } from './hpa-variants';
import { findRepoRoot } from './repo-root';

export type { ContainerPort, DeploymentManifest, EnvVar, ResourceAmounts } from './deployment-manifest';
export type { HpaManifest } from './hpa-manifest';
export type { HttpProbe, ProbeKind } from './probes';
export type { Quantity } from './quantity';
export { DEFAULT_HPA_VARIANT, HPA_VARIANTS, isHpaVariant, type HpaVariant } from './hpa-variants';
export { ManifestError } from './manifest-error';
export { cpuMillicores, memoryBytes, parseQuantity, QuantityError } from './quantity';
export { findRepoRoot, loadDeploymentManifest, loadHpaManifest };

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
