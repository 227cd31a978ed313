// Puts a kind or GKE run together from command-line choices: the guarded kube context, the profile (with
// overrides and conditions), the HPA variant from the same manifests the cluster is deployed from, and the service
// settings of the profile and the conditions (MODEL_COST_MS, MAX_REQUESTS_PER_SOCKET, STARTUP_DELAY_MS, requests,
// limits, probe timings) the target puts on the Deployment for the run, as the embedded lab does on its pods: one
// profile and one set of conditions on every path.
import { AppsV1Api, type KubeConfig } from '@kubernetes/client-node';
import { isHpaVariant, HPA_VARIANTS } from '@iris-lab/service/contracts';
import { loadHpaManifest } from '../../manifests';
import { profileForRun, type Profile } from '../../profiles/profiles';
import type { RunChoices } from '../../target-api/run-choices';
import { workloadFromManifests } from '../../workload/workload-from-manifests';
import { describeFailure } from './cluster-errors';
import { ClusterTarget, type ClusterTargetOptions } from './cluster-target';
import { containerSettingsOf, currentSettings } from './container-conditions';
import { kubeConfigFor, LAB_NAMESPACE, type ClusterTargetName } from './kube-context';
import { IRIS } from './workload';

export interface ClusterRunChoices extends RunChoices {
  target: ClusterTargetName;
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
  const loaded = profileForRun(choices);
  const variant = choices.hpaVariant ?? loaded.hpaVariant;
  if (!isHpaVariant(variant))
    throw new Error(`unknown HPA variant "${variant}" (known: ${HPA_VARIANTS.join(', ')})`);
  // Fails early, before anything is changed, when the lab is not deployed or cannot take the conditions.
  const deployment = await kubeConfig
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name: IRIS, namespace: LAB_NAMESPACE })
    .catch((error: unknown) => {
      throw new Error(
        `cannot read Deployment ${IRIS} in namespace ${LAB_NAMESPACE} of ${kubeConfig.getCurrentContext()} ` +
          `(${describeFailure(error)}): is the lab deployed?`,
      );
    });
  const containerSettings = containerSettingsOf(loaded.conditions);
  currentSettings(deployment, containerSettings);
  const profile = {
    ...loaded,
    modelCostMs: choices.modelCostMs ?? loaded.modelCostMs,
    maxRequestsPerSocket: choices.maxRequestsPerSocket ?? loaded.maxRequestsPerSocket,
  };
  const where = `MODEL_COST_MS of Deployment ${IRIS} in ${kubeConfig.getCurrentContext()}`;
  const modelCostSource =
    choices.modelCostMs === undefined
      ? `set by lab/profiles.yaml for this run (profile ${profile.id}): ${where}`
      : `set by --model-cost-ms for this run: ${where}`;
  const target = new ClusterTarget({
    name: choices.target,
    kubeConfig,
    namespace: LAB_NAMESPACE,
    hpa: loadHpaManifest(variant),
    serviceEnv: {
      MODEL_COST_MS: profile.modelCostMs,
      MAX_REQUESTS_PER_SOCKET: profile.maxRequestsPerSocket,
      STARTUP_DELAY_MS: profile.conditions.startupDelayMs,
    },
    containerSettings,
    podResources: workloadFromManifests(variant, profile.conditions).podResources,
    ...choices.tuning,
  });
  return { profile, target, modelCostSource };
}
