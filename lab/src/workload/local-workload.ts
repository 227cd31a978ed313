// What the embedded lab takes from the cluster manifests (k8s/): the Deployment's pod template and the HPA
// variant, plus the metrics-server resolution. Read by lab/src/manifests, never copied.
import type { HorizontalPodAutoscalerSpec } from '../hpa';
import type { RollingUpdate } from '../manifests/deployment-manifest';
import type { PodResources } from '../results/results.types';
import type { PodSpec } from './pod-spec';

export interface LocalWorkload {
  hpaVariant: string;
  hpa: HorizontalPodAutoscalerSpec;
  /** probes, grace period, preStop, requests and the container env of the Deployment's pod template */
  pod: Omit<PodSpec, 'command' | 'args' | 'cwd'>;
  /** requests and limits of the manifest, for the run's metadata */
  podResources: PodResources;
  metricResolutionSeconds: number;
  /** the Deployment's rollingUpdate strategy, followed by a rollout restart */
  rollingUpdate: RollingUpdate;
}
