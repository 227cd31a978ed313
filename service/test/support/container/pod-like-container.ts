// A container started the way the kubelet would start Deployment `iris`'s container, from the manifests:
// user and group, read-only root filesystem with its emptyDir mounts as tmpfs, CPU and memory limits, dropped
// capabilities, no privilege escalation, the manifest's env (fieldRefs filled in, $(VAR) expanded), and the
// readiness probe as the wait strategy within the startup probe's budget.
import { expandEnv, type DeploymentManifest, type EnvVar } from '@iris-lab/lab';
import { GenericContainer } from 'testcontainers';
import type { PodSecurity } from './pod-security';
import { ReadinessProbeWait } from './readiness-probe-wait';

/** What the downward API would give the env's fieldRefs. */
export interface PodIdentity {
  'metadata.name': string;
  'metadata.namespace': string;
  'spec.nodeName': string;
}

export class PodLikeContainer extends GenericContainer {
  readonly readiness: ReadinessProbeWait;

  constructor(
    image: string,
    readonly deployment: DeploymentManifest,
    readonly security: PodSecurity,
  ) {
    super(image);
    const { readiness, startup } = deployment.probes;
    if (!readiness) throw new Error(`${deployment.file}: the container has no readinessProbe to wait for`);
    this.readiness = new ReadinessProbeWait(readiness.path, readiness.port, readiness.timeoutSeconds * 1000);
    const startupBudgetSeconds = startup ? startup.periodSeconds * startup.failureThreshold : 30;
    this.withExposedPorts(...deployment.ports.map((port) => port.containerPort))
      .withWaitStrategy(this.readiness)
      .withStartupTimeout(startupBudgetSeconds * 1000);
    this.applySecurity(security);
    this.applyLimits(deployment.resources.limits);
  }

  /** The manifest's env as Kubernetes would resolve it for this pod, then `overrides` (e.g. the OTLP endpoint). */
  withPodEnvironment(identity: PodIdentity, overrides: Record<string, string> = {}): this {
    const resolved = Object.fromEntries(
      this.deployment.env.map((variable) => [variable.name, valueOf(variable, identity)]),
    );
    return this.withEnvironment({ ...expandEnv(resolved), ...overrides });
  }

  private applySecurity(security: PodSecurity): void {
    if (security.runAsUser !== undefined) {
      this.withUser(
        security.runAsGroup === undefined
          ? `${security.runAsUser}`
          : `${security.runAsUser}:${security.runAsGroup}`,
      );
    }
    this.hostConfig.ReadonlyRootfs = security.readOnlyRootFilesystem;
    if (!security.allowPrivilegeEscalation) this.withSecurityOpt('no-new-privileges');
    if (security.capabilitiesDrop.length > 0) this.withDroppedCapabilities(...security.capabilitiesDrop);
    // An emptyDir is an empty, world-writable folder private to the pod; a size-limited tmpfs is the closest match.
    for (const mount of security.emptyDirMounts) {
      const size = mount.sizeLimitBytes === undefined ? '' : `,size=${mount.sizeLimitBytes}`;
      this.withTmpFs({ [mount.mountPath]: `rw,mode=1777${size}` });
    }
  }

  private applyLimits(limits: DeploymentManifest['resources']['limits']): void {
    if (limits.memoryBytes !== undefined) this.hostConfig.Memory = limits.memoryBytes;
    if (limits.cpuMillicores !== undefined) this.hostConfig.NanoCpus = limits.cpuMillicores * 1_000_000;
  }
}

function valueOf(variable: EnvVar, identity: PodIdentity): string {
  if (variable.fieldPath === undefined) return variable.value ?? '';
  if (!(variable.fieldPath in identity))
    throw new Error(`env ${variable.name}: fieldRef ${variable.fieldPath} is not supported here`);
  return identity[variable.fieldPath as keyof PodIdentity];
}
