// Puts a kind or GKE run together from command-line choices: the guarded kube context, the profile (with
// overrides), the HPA variant from the same manifests the cluster is deployed from, and the model cost the
// pods really run with (the Deployment's MODEL_COST_MS), so the report states what was measured.
import { AppsV1Api, type KubeConfig } from '@kubernetes/client-node';
import { loadHpaManifest, isHpaVariant, HPA_VARIANTS } from '../manifests';
import { loadProfile, withOverrides, type Profile } from '../profiles/profiles';
import { workloadFromManifests } from '../runner/local/workload-from-manifests';
import { describeFailure } from './cluster-errors';
import { ClusterTarget, type ClusterTargetOptions } from './cluster-target';
import { kubeConfigFor, LAB_NAMESPACE, type ClusterTargetName } from './kube-context';
import { deployedModelCost, IRIS } from './workload';

export interface ClusterRunChoices {
  target: ClusterTargetName;
  profileId: string;
  hpaVariant?: string;
  users?: number;
  durationSeconds?: number;
  context?: string;
  allowContext?: boolean;
  /** the kubeconfig to use instead of kubectl's ($KUBECONFIG, ~/.kube/config) */
  kubeConfig?: KubeConfig;
  tuning?: Pick<ClusterTargetOptions, 'stable' | 'loadPollMs' | 'historyWaitSeconds'>;
}

export async function createClusterRun(
  choices: ClusterRunChoices,
): Promise<{ profile: Profile; target: ClusterTarget; modelCostSource: string }> {
  const kubeConfig = kubeConfigFor(
    { target: choices.target, context: choices.context, allowContext: choices.allowContext },
    choices.kubeConfig,
  );
  const loaded = withOverrides(loadProfile(choices.profileId), choices);
  const variant = choices.hpaVariant ?? loaded.hpaVariant;
  if (!isHpaVariant(variant))
    throw new Error(`unknown HPA variant "${variant}" (known: ${HPA_VARIANTS.join(', ')})`);
  const deployment = await kubeConfig
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name: IRIS, namespace: LAB_NAMESPACE })
    .catch((error: unknown) => {
      throw new Error(
        `cannot read Deployment ${IRIS} in namespace ${LAB_NAMESPACE} of ${kubeConfig.getCurrentContext()} ` +
          `(${describeFailure(error)}): is the lab deployed?`,
      );
    });
  // The service's default is 0 when the Deployment does not set MODEL_COST_MS.
  const deployed = deployedModelCost(deployment);
  const profile = { ...loaded, modelCostMs: deployed ?? 0 };
  const mismatch =
    profile.modelCostMs === loaded.modelCostMs ? '' : ` (the profile asks for ${loaded.modelCostMs})`;
  const modelCostSource =
    deployed === undefined
      ? `service default: Deployment ${IRIS} sets no MODEL_COST_MS${mismatch}`
      : `MODEL_COST_MS of Deployment ${IRIS} in ${kubeConfig.getCurrentContext()}${mismatch}`;
  const target = new ClusterTarget({
    name: choices.target,
    kubeConfig,
    namespace: LAB_NAMESPACE,
    hpa: loadHpaManifest(variant),
    podResources: workloadFromManifests(variant).podResources,
    ...choices.tuning,
  });
  return { profile, target, modelCostSource };
}
