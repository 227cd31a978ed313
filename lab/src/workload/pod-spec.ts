// What a pod needs to run as a local process: the container's command plus the parts of the Deployment's pod
// template the lab imitates (probes, grace period, preStop sleep, resource requests and limits), read from k8s/ manifests.
import type { ResourceAmounts } from '../manifests/deployment-manifest';
import type { HttpProbe as ManifestProbe } from '../manifests/probes';

/** The probe fields the kubelet needs (Kubernetes' defaults are applied by the manifest reader). */
export type HttpProbe = Pick<
  ManifestProbe,
  | 'path'
  | 'initialDelaySeconds'
  | 'periodSeconds'
  | 'timeoutSeconds'
  | 'successThreshold'
  | 'failureThreshold'
>;

export interface ResourceRequests {
  cpuMillicores: number;
  memoryBytes: number;
}

export interface PodSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** while it has not succeeded, readiness and liveness probes do not run; failing it restarts the container */
  startupProbe?: HttpProbe;
  readinessProbe: HttpProbe;
  livenessProbe?: HttpProbe;
  terminationGracePeriodSeconds: number;
  /** a preStop `sleep N` hook (exec or the sleep action), 0 when there is none */
  preStopSleepSeconds: number;
  requests: ResourceRequests;
  /** an amount left out has no limit */
  limits?: ResourceAmounts;
}
