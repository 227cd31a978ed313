// The parts of Deployment `iris` (k8s/base/deployment.yaml) that decide how its container runs and that the lab's
// manifest reader does not cover: the effective security context (container fields override the pod's) and
// the emptyDir volumes mounted into the container (writable space on a read-only root filesystem).
import { join } from 'node:path';
import {
  CONTAINER_NAME,
  DEPLOYMENT_FILE,
  DEPLOYMENT_NAME,
  FieldReader,
  findObject,
  type Mapping,
} from '@iris-lab/lab';

export interface EmptyDirMount {
  mountPath: string;
  sizeLimitBytes?: number;
}

export interface PodSecurity {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot: boolean;
  readOnlyRootFilesystem: boolean;
  allowPrivilegeEscalation: boolean;
  capabilitiesDrop: string[];
  emptyDirMounts: EmptyDirMount[];
}

export function loadPodSecurity(repoRoot: string): PodSecurity {
  const reader = new FieldReader(DEPLOYMENT_FILE);
  const deployment = findObject(join(repoRoot, DEPLOYMENT_FILE), 'Deployment', DEPLOYMENT_NAME);
  const template = reader.mapping(reader.mapping(deployment.spec, 'spec')?.template, 'spec.template');
  const podSpec = reader.mapping(template?.spec, 'spec.template.spec') ?? {};
  const containers = reader.list(podSpec.containers, 'spec.template.spec.containers') as (Mapping | null)[];
  const container = containers.find((entry) => entry?.name === CONTAINER_NAME);
  if (!container) reader.problem('spec.template.spec.containers', `no container named "${CONTAINER_NAME}"`);
  reader.throwIfProblems();

  const podPath = 'spec.template.spec.securityContext';
  const containerPath = `spec.template.spec.containers[name=${CONTAINER_NAME}].securityContext`;
  const pod = reader.mapping(podSpec.securityContext, podPath, false) ?? {};
  const own = reader.mapping(container?.securityContext, containerPath, false) ?? {};
  const effective = (field: string) => (own[field] ?? pod[field]) as unknown;
  const capabilities = reader.mapping(own.capabilities, `${containerPath}.capabilities`, false) ?? {};
  const security: PodSecurity = {
    runAsUser: optionalInteger(reader, effective('runAsUser'), `${containerPath}.runAsUser`),
    runAsGroup: optionalInteger(reader, effective('runAsGroup'), `${containerPath}.runAsGroup`),
    runAsNonRoot: flag(reader, effective('runAsNonRoot'), `${containerPath}.runAsNonRoot`, false),
    readOnlyRootFilesystem: flag(
      reader,
      own.readOnlyRootFilesystem,
      `${containerPath}.readOnlyRootFilesystem`,
      false,
    ),
    // Kubernetes' default is true (unless privileged or CAP_SYS_ADMIN).
    allowPrivilegeEscalation: flag(
      reader,
      own.allowPrivilegeEscalation,
      `${containerPath}.allowPrivilegeEscalation`,
      true,
    ),
    capabilitiesDrop: reader
      .list(capabilities.drop, `${containerPath}.capabilities.drop`, false)
      .map((entry, index) => reader.string(entry, `${containerPath}.capabilities.drop[${index}]`) ?? ''),
    emptyDirMounts: readEmptyDirMounts(reader, podSpec, container ?? {}),
  };
  reader.throwIfProblems();
  return security;
}

function readEmptyDirMounts(reader: FieldReader, podSpec: Mapping, container: Mapping): EmptyDirMount[] {
  const volumes = reader.list(podSpec.volumes, 'spec.template.spec.volumes', false) as (Mapping | null)[];
  const mounts = reader.list(
    container.volumeMounts,
    `containers[name=${CONTAINER_NAME}].volumeMounts`,
    false,
  );
  return mounts.flatMap((entry, index) => {
    const path = `containers[name=${CONTAINER_NAME}].volumeMounts[${index}]`;
    const mount = reader.mapping(entry, path);
    const volume = volumes.find((candidate) => candidate?.name === mount?.name);
    if (!mount || !volume) {
      reader.problem(path, `mounts volume ${JSON.stringify(mount?.name)}, which the pod does not define`);
      return [];
    }
    const emptyDir = reader.mapping(volume.emptyDir, `volumes[name=${String(volume.name)}].emptyDir`, false);
    if (!emptyDir) return [];
    const mountPath = reader.string(mount.mountPath, `${path}.mountPath`) ?? '';
    const sizeLimitPath = `volumes[name=${String(volume.name)}].emptyDir.sizeLimit`;
    const sizeLimitBytes = reader.quantity(emptyDir.sizeLimit, sizeLimitPath, 'value');
    return [{ mountPath, sizeLimitBytes }];
  });
}

function optionalInteger(reader: FieldReader, value: unknown, path: string): number | undefined {
  return value === undefined ? undefined : reader.integer(value, path, 0);
}

function flag(reader: FieldReader, value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean')
    reader.problem(path, `must be true or false, found ${JSON.stringify(value)}`);
  return value === true;
}
